"""The regulatory audit: obligations matrices, evidence packs and OSCAL (``aimm audit``)."""
