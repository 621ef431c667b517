"""The outside world, at the edge: `git` (the only module that runs git) and `github` (the
only module that imports PyGithub). Both return plain frozen dataclasses, so that rules and
the context resolver never hold a subprocess or a PyGithub object."""
