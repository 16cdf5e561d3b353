from dialoog.cli import main

raise SystemExit(main())
