"""PyInstaller entry of the console program `tthc` (same folder as `tthc-desktop`)."""
from tthc_desktop.cli.main import main

if __name__ == "__main__":
    main()
