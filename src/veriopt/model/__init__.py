"""Model I/O: prompts, output parsing, rewards, generation backends."""
