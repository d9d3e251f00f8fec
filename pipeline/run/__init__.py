"""Running the main job: discover, plan, process batches, store records; Prefect flows and serve."""
