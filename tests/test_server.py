"""`newslint server`, driven by a real LSP client (pygls's) speaking JSON-RPC to the real
server process over its standard input and output: no handler is called directly."""

import asyncio
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NEWSLINT, findings

pytest.importorskip("pygls")
from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

from newslint import fix_text  # noqa: E402

WAIT = 60  # seconds for any one answer (the machine may be busy)


class Client(LanguageClient):
    """Records what the server sends unasked: diagnostics, messages, registrations, its exit."""

    def __init__(self):
        super().__init__("newslint-tests", "1")
        self.diagnostics: asyncio.Queue = asyncio.Queue()
        self.messages: list[str] = []
        self.registrations: list = []
        self.exit_code = None

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params):
            self.diagnostics.put_nowait(params)

        @self.feature(types.WINDOW_SHOW_MESSAGE)
        def show(params):
            self.messages.append(params.message)

        @self.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(params):
            self.registrations.extend(params.registrations)

    async def server_exit(self, server):
        self.exit_code = server.returncode

    async def next_diagnostics(self, uri: str, version=None) -> list[types.Diagnostic]:
        while True:
            params = await asyncio.wait_for(self.diagnostics.get(), WAIT)
            if params.uri == uri and (version is None or params.version == version):
                return params.diagnostics

    async def start(self, folder: Path, **initialization_options):
        await self.start_io(NEWSLINT, "server")
        capabilities = types.ClientCapabilities(
            workspace=types.WorkspaceClientCapabilities(
                did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)),
            text_document=types.TextDocumentClientCapabilities(
                hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown])),
            general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf16]))
        result = await asyncio.wait_for(self.initialize_async(types.InitializeParams(
            capabilities=capabilities, root_uri=folder.as_uri(), initialization_options=initialization_options,
            workspace_folders=[types.WorkspaceFolder(uri=folder.as_uri(), name=folder.name)])), WAIT)
        self.initialized(types.InitializedParams())
        return result

    def open(self, uri: str, text: str, language: str = "plaintext", version: int = 1):
        self.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
            uri=uri, language_id=language, version=version, text=text)))

    def change(self, uri: str, text: str, version: int):
        self.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))

    async def actions(self, uri: str, diagnostic=None, only=None) -> list[types.CodeAction]:
        whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=10_000, character=0))
        return await asyncio.wait_for(self.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostic.range if diagnostic else whole,
            context=types.CodeActionContext(diagnostics=[diagnostic] if diagnostic else [], only=only))), WAIT) or []

    async def close(self):
        await asyncio.wait_for(self.shutdown_async(None), WAIT)
        self.exit(None)
        await asyncio.wait_for(self.stop(), WAIT)


def offset(text: str, position: types.Position) -> int:
    """A UTF-16 LSP position as a character offset (lines end at \\n here)."""
    start = sum(len(line) + 1 for line in text.split("\n")[:position.line])
    line, units, at = text.split("\n")[position.line] if position.line < text.count("\n") + 1 else "", 0, 0
    while at < len(line) and units < position.character:
        units += 2 if ord(line[at]) > 0xFFFF else 1
        at += 1
    return start + at


def apply(text: str, action: types.CodeAction, uri: str) -> str:
    (change,) = action.edit.document_changes
    assert change.text_document.uri == uri
    for edit in sorted(change.edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(text, edit.range.start)] + edit.new_text + text[offset(text, edit.range.end):]
    return text


def spans(diagnostics) -> set:
    return {(d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
            for d in diagnostics}


def test_language_server_over_stdio(cli, tmp_path, seed):
    folder = tmp_path / "content"
    folder.mkdir()
    article = folder / "article.txt"
    shutil.copy(seed, article)
    text = article.read_text(encoding="utf-8")
    uri = article.as_uri()
    expected = {(f["code"], f["line"] - 1, f["column"] - 1, f["end_line"] - 1, f["end_column"] - 1)
                for f in findings(cli(article, "--output-format", "json-lines", "--isolated"))}

    async def session():
        client = Client()
        result = await client.start(folder)
        assert result.server_info.name == "newslint"
        assert result.capabilities.hover_provider and result.capabilities.code_action_provider

        # open → diagnostics, the same as the command line's, each linked to its rule's page
        client.open(uri, text)
        diagnostics = await client.next_diagnostics(uri, 1)
        assert spans(diagnostics) == expected
        lines = {(d.code, d.range.start.line) for d in diagnostics}
        assert {("NL101", 2), ("NL101", 3), ("NL304", 45), ("NL304", 46)} <= lines
        headline = next(d for d in diagnostics if d.code == "NL101")
        assert headline.severity == types.DiagnosticSeverity.Error and headline.source == "newslint"
        page, anchor = headline.code_description.href.split("#")
        assert anchor == "nl101-repeated-headline" and Path(page.removeprefix("file://")).is_file()
        assert "## NL101 repeated-headline" in Path(page.removeprefix("file://")).read_text(encoding="utf-8")

        # hover: the rule's description
        hover = await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=headline.range.start)), WAIT)
        assert hover.contents.kind == types.MarkupKind.Markdown
        assert "**NL101 repeated-headline**" in hover.contents.value and "Scrapers often keep" in hover.contents.value

        # a finding's fix: the safe one is the preferred quick fix; an unsafe one says so
        kyiv = next(d for d in diagnostics if d.code == "NL701")
        action, fix_all = await client.actions(uri, kyiv)  # its fix, and the one for every safe fix
        assert action.kind == types.CodeActionKind.QuickFix and action.is_preferred
        assert fix_all.kind == "source.fixAll.newslint"
        assert action.title == "NL701: write 'Kyiv'"
        fixed = apply(text, action, uri)
        assert "Washington and Kyiv to reconsider" in fixed and fixed.replace("Kyiv", "kyiv", 1) == text
        prev = next(d for d in diagnostics if d.code == "NL304" and d.range.start.line == 45)
        (unsafe,) = await client.actions(uri, prev, only=[types.CodeActionKind.QuickFix])
        assert not unsafe.is_preferred and unsafe.title.endswith("(unsafe: review it)")
        assert "PREV They will deliver" not in apply(text, unsafe, uri)

        # a change updates the diagnostics; quick changes are linted once, after the last
        client.change(uri, fixed, 2)
        client.change(uri, fixed + "\nRead more\n", 3)
        diagnostics = await client.next_diagnostics(uri)
        assert client.diagnostics.empty()
        assert "NL701" not in {d.code for d in diagnostics}
        assert ("NL305", 47) in {(d.code, d.range.start.line) for d in diagnostics}  # the new last line
        current = fixed + "\nRead more\n"

        # every safe fix at once, as `newslint --fix` applies them
        (fix_all,) = await client.actions(uri, only=[types.CodeActionKind.SourceFixAll])
        assert fix_all.kind == "source.fixAll.newslint"
        assert apply(current, fix_all, uri) == fix_text(current)[0] != current

        # the config is read again when it changes
        assert any(w["globPattern"] == "**/.newslint.toml"  # (options arrive as plain JSON)
                   for r in client.registrations for w in r.register_options["watchers"])
        (folder / ".newslint.toml").write_text('ignore = ["previous-next-line"]\n', encoding="utf-8")
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[types.FileEvent(
            uri=(folder / ".newslint.toml").as_uri(), type=types.FileChangeType.Created)]))
        diagnostics = await client.next_diagnostics(uri, 3)
        assert "NL304" not in {d.code for d in diagnostics} and "NL101" in {d.code for d in diagnostics}

        # Markdown: suppression comments count there, not in plain text
        source = "<!-- newslint-disable-next-line NL305 -->\nRead more\n\nThe council met.\n\nRead more\n"
        client.open("untitled:Untitled-1", source, language="markdown")
        markdown = await client.next_diagnostics("untitled:Untitled-1")
        assert [d.range.start.line for d in markdown if d.code == "NL305"] == [5]
        client.open((folder / "notes.txt").as_uri(), source)
        plain = await client.next_diagnostics((folder / "notes.txt").as_uri())
        assert [d.range.start.line for d in plain if d.code == "NL305"] == [1, 5]

        # close clears the diagnostics; shutdown and exit end the process cleanly
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))
        assert not await client.next_diagnostics(uri)
        await client.close()
        assert client.exit_code == 0 and not client.messages

    asyncio.run(session())


def test_language_server_reports_a_broken_config_and_goes_on(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / ".newslint.toml").write_text('select = ["boilerplat"]\n', encoding="utf-8")
    uri = (folder / "a.txt").as_uri()

    async def session():
        client = Client()
        await client.start(folder)
        client.open(uri, "Read more\n")
        assert not await client.next_diagnostics(uri, 1)
        assert any("unknown rule selector 'boilerplat'" in m and "did you mean 'boilerplate'" in m
                   for m in client.messages)
        (folder / ".newslint.toml").write_text('select = ["boilerplate"]\n', encoding="utf-8")
        client.text_document_did_save(types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=(folder / ".newslint.toml").as_uri())))
        assert {d.code for d in await client.next_diagnostics(uri, 1)} == {"NL305"}
        await client.close()
        assert client.exit_code == 0

    asyncio.run(session())


def test_server_without_the_extra_says_what_to_install(tmp_path, example):
    """The command line works without pygls; `newslint server` then says how to get it."""
    blocker = tmp_path / "block" / "pygls"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('no pygls here', name='pygls')\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(blocker.parent)}
    server = subprocess.run([sys.executable, "-m", "newslint", "server"], capture_output=True, text=True,
                            env=env, timeout=WAIT)
    assert server.returncode == 2 and "pip install 'newslint[lsp]'" in server.stderr
    check = subprocess.run([sys.executable, "-m", "newslint", str(example), "--output-format", "concise"],
                           capture_output=True, text=True, env=env, timeout=WAIT)
    assert check.returncode == 1 and "NL101" in check.stdout
