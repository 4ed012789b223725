"""The sign-in screen under AppTest (SCENEGRAPH_AUTH=on): both languages, wrong passwords, slowing, the
signed-in user in the sidebar, sign-out, expiry, and the pages each role is offered."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from scenegraph.auth.accounts import Accounts
from scenegraph.base.settings import AuthSettings
from scenegraph.stores.files.users import FileUserStore
from scenegraph.ui.signin import SESSION
from tests.conftest import app_test, shown

PASSWORD = "app test password"


@pytest.fixture
def shared(monkeypatch):
    """A shared server on the embedded store: sign-in on, an admin, an enterprise user and a planner."""
    monkeypatch.setenv("SCENEGRAPH_AUTH", "on")
    monkeypatch.setenv("SCENEGRAPH_BCRYPT_ROUNDS", "4")
    accounts = Accounts(FileUserStore(), AuthSettings())
    accounts.add(None, "root", ["admin"], password=PASSWORD)
    root = accounts.store.get("root").principal
    accounts.add(root, "zhang", ["enterprise"], ["ent_a", "ent_b"], password=PASSWORD, display_name="张工")
    accounts.add(root, "plan", ["planner"], password=PASSWORD)
    accounts.add(root, "li", ["enterprise"], ["ent_c"], password=PASSWORD)
    at = app_test(monkeypatch)
    at.run()
    assert not at.exception, at.exception
    return at


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="signin_user").input(name)
    at.text_input(key="signin_password").input(password)
    at.button[-1].click().run()
    assert not at.exception, at.exception
    return at


def sidebar_text(at: AppTest) -> str:
    return shown(" ".join([m.value for m in at.sidebar.markdown] + [c.value for c in at.sidebar.caption]))


def test_sign_in_screen_in_both_languages(shared):
    assert shared.title[0].value == "登录"
    assert [w.label for w in shared.text_input] == ["用户名", "密码"]
    assert shared.text_input(key="signin_password").proto.type == 1  # PASSWORD: never shown
    shared.sidebar.radio(key="lang").set_value("en").run()
    assert shared.title[0].value == "Sign in"
    assert [w.label for w in shared.text_input] == ["User name", "Password"]
    assert shared.query_params["lang"] == ["en"] or shared.query_params["lang"] == "en"


def test_wrong_password_then_slowed_then_signed_in(shared):
    for _ in range(3):
        sign_in(shared, "zhang", "not the password")
        assert shared.error[0].value == "用户名或密码不正确。"
    sign_in(shared, "zhang", PASSWORD)  # refused unchecked: the wait is on
    assert shared.error[0].value.startswith("登录失败次数过多")
    accounts = Accounts(FileUserStore(), AuthSettings())
    accounts.reset(accounts.store.get("root").principal, "zhang")  # an admin's reset forgets the failures
    sign_in(shared, "zhang", PASSWORD)
    assert shared.title[0].value == "铝产业链数字化转型场景图谱"
    text = sidebar_text(shared)
    assert "张工" in text and "企业用户" in text and "ent_a, ent_b" in text
    # the form cleared on submit: the password is not kept in the session
    assert "signin_password" not in shared.session_state or shared.session_state["signin_password"] != PASSWORD


def test_sign_out_and_expiry_return_to_the_sign_in_screen(shared):
    sign_in(shared, "zhang", PASSWORD)
    shared.button(key="sign_out").click().run()
    assert shared.title[0].value == "登录"
    sign_in(shared, "zhang", PASSWORD)
    session = shared.session_state[SESSION]
    shared.session_state[SESSION] = replace(session, expires=datetime.now(UTC) - timedelta(seconds=1))
    shared.run()
    assert shared.title[0].value == "登录"
    assert shared.warning[0].value == "会话已过期，请重新登录。"


def test_pages_follow_the_role(shared):
    sign_in(shared, "plan", PASSWORD)
    for page in ("views/assessment.py", "views/console.py"):  # not offered to planners: not even registered
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            shared.switch_page(page)
    shared.switch_page("views/observatory.py").run()
    assert not shared.exception and shared.title[0].value == "行业观测台"


def test_enterprise_user_is_not_offered_the_observatory_or_console(shared):
    sign_in(shared, "zhang", PASSWORD)
    for page in ("views/observatory.py", "views/console.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            shared.switch_page(page)
    shared.switch_page("views/assessment.py").run()
    assert not shared.exception and shared.title[0].value == "成熟度自评"


def test_assessment_page_offers_only_the_users_enterprises(shared):
    sign_in(shared, "zhang", PASSWORD)
    shared.switch_page("views/assessment.py").run()
    box = shared.selectbox(key="ent_0")
    assert box.options == ["ent_a", "ent_b"] and box.value == "ent_a"
    assert not [w for w in shared.text_input if w.key == "ent_0"]  # no free text for an enterprise user


def fill_in_a_sheet(at: AppTest) -> AppTest:
    """An enterprise user's work in the tab: a named, located answer sheet with a stage (drafted as it goes)."""
    at.switch_page("views/assessment.py").run()
    at.text_input(key="name_0").input("华鲁铝业 secret plant").run()
    at.text_input(key="region_0").input("山东 Binzhou").run()
    at.multiselect(key="stages_0_zh").set_value(["rolling"]).run()
    assert not at.exception, at.exception
    return at


def work_left(at: AppTest) -> list[str]:
    """Session-state keys (or values) that still carry the first user's work."""
    found = [k for k in at.session_state.to_dict() if k.startswith(("assess", "name_", "region_", "stages_",
                                                                         "q_", "ex_", "plan_"))]
    return found + [k for k, v in at.session_state.to_dict().items() if "secret plant" in str(v)]


def test_the_next_user_of_a_tab_sees_nothing_of_the_last_ones_work(shared):
    """The break: after A signed out, B signed in on the same tab saw A's answer sheet (name, region, stages,
    answers), and the Export page offered B "the roadmap of the assessment being edited"."""
    sign_in(shared, "zhang", PASSWORD)
    fill_in_a_sheet(shared)
    shared.switch_page("views/export.py").run()
    assert not shared.checkbox(key="ex_roadmap").proto.disabled  # A may export A's roadmap
    shared.button(key="sign_out").click().run()
    assert shared.title[0].value == "登录"
    assert work_left(shared) == []
    sign_in(shared, "li", PASSWORD)
    shared.switch_page("views/export.py").run()
    assert not shared.exception, shared.exception
    assert shared.checkbox(key="ex_roadmap").proto.disabled  # no roadmap of A's to export
    shared.switch_page("views/assessment.py").run()
    assert shared.text_input(key="name_0").value == "" and shared.text_input(key="region_0").value == ""
    assert shared.multiselect(key="stages_0_zh").value == []
    assert shared.selectbox(key="ent_0").options == ["ent_c"]
    assert "secret plant" not in str(shared.session_state.to_dict())


def test_an_expired_session_leaves_no_work_in_the_tab(shared):
    sign_in(shared, "zhang", PASSWORD)
    fill_in_a_sheet(shared)
    session = shared.session_state[SESSION]
    shared.session_state[SESSION] = replace(session, expires=datetime.now(UTC) - timedelta(seconds=1))
    shared.run()
    assert shared.title[0].value == "登录" and work_left(shared) == []


def test_a_removed_users_draft_is_not_the_draft_of_a_new_account_of_the_same_name(shared, monkeypatch):
    """Drafts are kept under the account's uid: an account added again under a removed one's name starts empty,
    while the same account finds its draft after signing in again."""
    sign_in(shared, "zhang", PASSWORD)
    fill_in_a_sheet(shared)
    shared.button(key="sign_out").click().run()
    sign_in(shared, "zhang", PASSWORD)
    shared.switch_page("views/assessment.py").run()
    assert shared.text_input(key="name_0").value == "华鲁铝业 secret plant"  # the same account: its draft
    shared.button(key="sign_out").click().run()
    accounts = Accounts(FileUserStore(), AuthSettings())
    root = accounts.store.get("root").principal
    accounts.remove(root, "zhang")
    accounts.add(root, "zhang", ["enterprise"], ["ent_a", "ent_b"], password=PASSWORD)
    sign_in(shared, "zhang", PASSWORD)
    shared.switch_page("views/assessment.py").run()
    assert shared.text_input(key="name_0").value == "" and shared.multiselect(key="stages_0_zh").value == []
