"""MassGen agent configs: the loaded document and what MassGen accepts in it."""
