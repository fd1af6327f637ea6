"""Write the site: HTML from templates and Markdown, the downloads, and the one writer of site/."""
