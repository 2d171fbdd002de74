"""The prompt-toolkit REPL: commands, completion and rendering over the shared ExplorerSession.

Only ``app`` and ``completer`` import prompt-toolkit, so the command machinery can be tested and
scripted without a terminal.
"""
