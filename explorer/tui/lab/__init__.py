"""The Lab tab: views that explain retrieval (one widget per module, listed in ``views.py``)."""
