"""workbench: translation-quality review for customer-support replies."""

__version__ = "0.1.0"
