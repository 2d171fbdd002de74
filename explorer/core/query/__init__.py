"""Search and aggregate requests, their codec and summaries, target vectors and vector maths."""
