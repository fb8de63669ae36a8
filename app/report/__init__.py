"""The quarter overview ("Kvartalsoverblik"): figures, suppression for publication, charts, PDF, XLSX.

Qt-free. :mod:`app.report.figures` counts in SQL and returns plain dataclasses;
:mod:`app.report.publish` turns them into the values a reader sees (hidden small counts with
``--publish``); :mod:`app.report.charts`, :mod:`app.report.pdf` and :mod:`app.report.xlsx` draw and
write those values. The GUI shows the same figures and the same matplotlib figures.
"""
