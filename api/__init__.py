"""The edge of councilkg: settings, the build pipeline that joins the stages, the CLI and the web app."""
