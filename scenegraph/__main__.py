import sys

from scenegraph.cli.main import main

sys.exit(main())
