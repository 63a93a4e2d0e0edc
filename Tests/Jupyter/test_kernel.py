"""The CLIPLab kernel against jupyter_kernel_test: the checks every Jupyter kernel should pass.

Run by `make test-jupyter` with the kernelspec installed into the test environment.
"""
import unittest

import jupyter_kernel_test


class CLIPLabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "cliplab"
    language_name = "cliplab"
    file_extension = ".clip"

    # `answer` echoes what it is given.
    code_hello_world = 'answer "hello, world"'

    completion_samples = [
        {"text": "tok", "matches": {"tokenize"}},
        {"text": "set lang ", "matches": {"en", "zh"}},
        {"text": "tokenize --con", "matches": {"--context-length"}},
    ]
    complete_code_samples = ["tokenize hi", "version", "batch toy 4\nmatrix"]
    incomplete_code_samples = ['tokenize "a photo of', "batch toy \\"]

    code_generate_error = "tokenze hello"

    code_execute_result = [
        {"code": "version --json", "mime": "application/json"},
        {"code": "set --json", "mime": "application/json"},
    ]

    code_display_data = [
        {"code": "show toy:red-circle", "mime": "image/png"},
        {"code": "batch toy 3 --json\nmatrix", "mime": "image/png"},
        {"code": "space", "mime": "image/png"},
        {"code": "batch show", "mime": "text/html"},
    ]

    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "version*"

    code_inspect_sample = "tokenize"

    code_clear_output = "clear"


if __name__ == "__main__":
    unittest.main()
