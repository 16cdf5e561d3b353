"""`dialoog serve`: the app in a web browser through textual-serve (a new process per browser connection).

`dialoog.serving.cli` checks the command line and binds the socket (no aiohttp needed for that);
`dialoog.serving.web` builds the web application: a small start page and one textual-serve app per mode.
"""
