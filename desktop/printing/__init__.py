"""The printed forms of Sổ Đối ngoại: plain data in, PDF bytes out (Decree 30/2020/NĐ-CP layout).

Nothing here imports Qt or the services: `desktop.services.printing` loads the record and
the unit's settings, and hands them to `desktop.printing.forms.render` as the dataclasses of
`desktop.printing.model`. Rendering is pure, so the GUI can run it on a worker thread.
"""
