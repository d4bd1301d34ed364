from workshop_kit.text import clean_name, clean_text


def test_text_in_any_script_is_kept_as_typed():
    for text in [
        "Привет",
        "你好，我叫李",
        "مرحبا بالعالم",
        "🎉🚀 great",
        "<script>alert(1)</script>",
    ]:
        assert clean_text(text, 100).text == text


def test_control_characters_are_removed_but_lines_are_kept():
    assert clean_text("a\x00b\x07c\r\nd\te", 100).text == "abc\nd\te"


def test_over_long_text_is_refused_with_the_numbers():
    check = clean_text("x" * 20_001, 3000)
    assert not check.ok
    assert "20,001 characters" in check.message and "3,000" in check.message


def test_empty_text_is_allowed_so_a_student_can_clear_an_answer():
    assert clean_text("", 10).text == ""


def test_names_are_one_trimmed_line():
    assert clean_name("  Ana \n María ").text == "Ana María"
    assert not clean_name("n" * 41).ok
