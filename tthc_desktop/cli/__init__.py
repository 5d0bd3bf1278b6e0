"""The `tthc` command line: a thin face over the services (see ../shared/design/cli.md)."""
