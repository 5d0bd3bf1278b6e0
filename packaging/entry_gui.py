"""PyInstaller entry of `tthc-desktop` (no console): `--self-test` is handled here so a bundle can be
checked headless even before the window code knows the flag."""
import sys

if __name__ == "__main__":
    if "--self-test" in sys.argv[1:]:
        from tthc_desktop.selftest import run_self_test

        sys.exit(run_self_test())
    from tthc_desktop.app import main

    sys.exit(main())
