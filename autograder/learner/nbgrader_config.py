"""nbgrader settings of the learner's JupyterLab (the Validate button).

``labkit lab`` puts this folder on ``JUPYTER_CONFIG_PATH``; the trainer's
settings are in ``autograder/nbgrader_config.py``.
"""

import os

c = get_config()  # noqa: F821 (provided by traitlets when the file is loaded)

c.CourseDirectory.course_id = "rncp37638"
# Validate runs the whole notebook: Spark cells need more than nbgrader's 30 s.
c.Execute.timeout = int(os.environ.get("LABKIT_CELL_TIMEOUT", "300"))
