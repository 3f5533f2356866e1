"""Printable documents made from routines and history: the patient's handout, the
therapist's report. Each is one self-contained HTML file with print CSS; `pdf` turns it
into a PDF."""
