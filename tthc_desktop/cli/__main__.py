from tthc_desktop.cli.main import main

main()
