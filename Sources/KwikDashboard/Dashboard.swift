// Pure dashboard rendering lives here.
