"""The content tree's loader, one module per kind of file.

``ftawizard.content.loader.load_content`` is the entry point. Each module here adds the
methods that read one kind of file to a shared base (``base.LoaderBase``: where problems
and cross-file references are collected); ``loader.ContentLoader`` combines them.
"""
