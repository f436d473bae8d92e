"""Custom NLU pieces for the Rasa pipeline (language identification)."""
