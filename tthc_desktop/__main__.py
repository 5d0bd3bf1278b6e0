from tthc_desktop.app import main

raise SystemExit(main())
