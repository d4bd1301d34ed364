"""One module per notebook: each composes widgets for one stage and offers ``show()``."""
