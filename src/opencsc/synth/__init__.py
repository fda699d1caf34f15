"""The synthetic local authority: a Cheshire East-sized children's services, made up.

Nothing in it is real. Every child, parent, worker, name, date of birth, NHS number (999
test range), UPN, street, case note and decision is generated from a seed; only the
postcodes are real places (data/README.md). Entry point: ``runner.generate``.
"""
