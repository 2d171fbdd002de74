"""The Lab: views that explain retrieval, one widget per module (the tab lists them in ``views.py``)."""
