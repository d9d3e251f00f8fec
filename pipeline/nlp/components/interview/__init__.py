"""The interview component: document kind, interview turns and participants."""
