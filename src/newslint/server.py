"""`newslint server`: a Language Server (LSP over standard input and output) for editors.

Findings become diagnostics when a document is opened, changed (after a pause in typing)
and saved; each one's code links to the rule's section of the rule reference. Code
actions apply a finding's fix (a safe one is the preferred quick fix; an unsafe one says
so) or every safe fix at once (`source.fixAll.newslint`, for fix-on-save); hover shows
the rule's description. The config is found per workspace folder, as `newslint check`
run in that folder finds it, and read again when a config file changes. Plain text and
Markdown documents are linted; the document's path (or, for a new unsaved one, its
language id) tells the engine which it is.

The engine and the fix machinery are the command line's own: `Linter.lint` and
`fix_document`. pygls and lsprotocol (`pip install 'newslint[lsp]'`) are imported only here.
"""

from __future__ import annotations

import asyncio
import bisect
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from . import __version__
from .config import FILES as CONFIG_FILES
from .config import ConfigError, find_config, load_settings
from .docs import rule_url
from .document import Document
from .engine import Linter
from .errors import UsageError
from .finding import Edit, Finding
from .fix import fix_document
from .ruleset import RuleError
from .sources import excluded

DEBOUNCE = 0.3  # seconds of quiet after a change before the document is linted again
MARKDOWN = (".md", ".markdown")
FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.newslint"
SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}
FADED = ("boilerplate", "duplicate")  # text that should go: editors draw it faded


@dataclass
class Checked:
    """A document's text as linted, with its findings and the linter that found them."""

    version: int | None
    document: Document
    findings: list[Finding]
    linter: Linter


def document_path(uri: str, language_id: str | None) -> str:
    """The path the engine sees: the file's, and a Markdown name for a Markdown document
    that has none (an unsaved one, or a file without the suffix)."""
    path = to_fs_path(uri) or uri
    if language_id == "markdown" and not path.lower().endswith(MARKDOWN):
        path += ".md"
    return path


class Positions:
    """Character offsets of a Document ↔ LSP positions, in the code units the client and
    server agreed on (UTF-16 unless the client offers UTF-8 or UTF-32). Lines are the
    Document's: they end at \\n, \\r\\n or \\r only, as LSP counts them."""

    def __init__(self, document: Document, encoding):
        self.document = document
        self.encoding = encoding

    def units(self, text: str) -> int:
        if self.encoding == types.PositionEncodingKind.Utf32:
            return len(text)
        if self.encoding == types.PositionEncodingKind.Utf8:
            return len(text.encode("utf-8"))
        return len(text.encode("utf-16-le")) // 2

    def position(self, offset: int) -> types.Position:
        starts = self.document.line_starts
        line = bisect.bisect_right(starts, offset) - 1
        return types.Position(line=line, character=self.units(self.document.text[starts[line]:offset]))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def offset(self, position: types.Position) -> int:
        starts, text = self.document.line_starts, self.document.line_texts
        if position.line >= len(starts):
            return len(self.document.text)
        line, at, used = text[position.line], 0, 0
        while at < len(line) and used < position.character:
            used += self.units(line[at])
            at += 1
        return starts[position.line] + at


class NewslintServer(LanguageServer):
    def __init__(self):
        super().__init__("newslint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.linters: dict[str | None, tuple] = {}  # config file → (Linter, exclude globs), or an error
        self.checked: dict[str, Checked] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.executor = ThreadPoolExecutor(1, thread_name_prefix="newslint-lint")  # one lint at a time
        self.reference: str | None = None  # docs/rules.md URL from the client's initializationOptions
        self.shut_down = False  # the client asked for a shutdown before it said exit

    # -- settings ---------------------------------------------------------------------------

    def folder_of(self, path: str) -> Path:
        """The workspace folder holding `path` (the deepest), or the path's own folder."""
        target = Path(path).resolve()
        folders = [Path(to_fs_path(f.uri)).resolve() for f in self.workspace.folders.values()]
        inside = [f for f in folders if target.is_relative_to(f)]
        return max(inside, key=lambda f: len(f.parts)) if inside else target.parent

    def linter_for(self, path: str):
        """(Linter, exclude globs) for a document, or None when its config cannot be used
        (the user has been told why)."""
        config = find_config(self.folder_of(path))
        key = str(config) if config else None
        if key not in self.linters:
            try:
                settings = load_settings(config, isolated=config is None)
                settings.source_lines = False
                self.linters[key] = (Linter(settings), excluded(settings))
            except (ConfigError, RuleError, UsageError) as exc:
                self.linters[key] = None
                self.window_show_message(types.ShowMessageParams(
                    type=types.MessageType.Error, message=f"newslint: {exc}"))
        return self.linters[key]

    def reload(self) -> None:
        """A config file changed: read the configs again and lint every open document."""
        self.linters.clear()
        self.checked.clear()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)

    # -- linting ------------------------------------------------------------------------

    def snapshot(self, uri: str) -> tuple[int | None, Document, tuple | None]:
        doc = self.workspace.get_text_document(uri)
        path = document_path(uri, doc.language_id)
        setup = self.linter_for(path)
        if setup is not None and setup[1].match(path):
            setup = None  # excluded in the config, as `newslint check --force-exclude` would
        return doc.version, Document(text=doc.source, path=path), setup

    def current(self, uri: str) -> Checked | None:
        """The findings in the document as it is now (linted now if it changed since)."""
        version, document, setup = self.snapshot(uri)
        known = self.checked.get(uri)
        if known is not None and known.version == version:
            return known
        if setup is None:
            return None
        return Checked(version, document, setup[0].lint(document).findings, setup[0])

    def schedule(self, uri: str, delay: float) -> None:
        """Lint the document after `delay` seconds, unless it changes again before."""
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(delay, lambda: asyncio.ensure_future(self.publish(uri)))

    async def publish(self, uri: str) -> None:
        self.pending.pop(uri, None)
        if uri not in self.workspace.text_documents:
            return
        version, document, setup = self.snapshot(uri)
        if setup is None:
            self.checked.pop(uri, None)
            self.send(uri, version, [])
            return
        linter = setup[0]
        findings = (await asyncio.get_running_loop().run_in_executor(self.executor, linter.lint, document)).findings
        doc = self.workspace.text_documents.get(uri)
        if doc is None or doc.version != version:  # closed or changed meanwhile: a newer lint follows
            return
        checked = self.checked[uri] = Checked(version, document, findings, linter)
        self.send(uri, version, [self.diagnostic(checked, f) for f in findings])

    def send(self, uri: str, version, diagnostics: list) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics))

    def positions(self, document: Document) -> Positions:
        return Positions(document, self.workspace.position_encoding)

    def diagnostic(self, checked: Checked, f: Finding) -> types.Diagnostic:
        rule = next(r for r in checked.linter.rules if r.code == f.code)
        return types.Diagnostic(
            range=self.positions(checked.document).range(f.start, f.end), message=f.message,
            severity=SEVERITY[str(f.severity)], code=f.code, source="newslint",
            code_description=types.CodeDescription(href=rule_url(rule, self.reference)),
            tags=[types.DiagnosticTag.Unnecessary] if f.category in FADED else None)

    # -- code actions and hover ---------------------------------------------------------------

    def code_actions(self, uri: str, params: types.CodeActionParams) -> list[types.CodeAction]:
        checked = self.current(uri)
        if checked is None:
            return []
        positions = self.positions(checked.document)
        start, end = positions.offset(params.range.start), positions.offset(params.range.end)
        only = params.context.only
        actions = []
        if _wanted(types.CodeActionKind.QuickFix, only):
            for f in checked.findings:
                if f.fix is None or f.start > end or f.end < start:
                    continue
                title = f"{f.code}: {f.fix.message}" + ("" if f.fix.safe else " (unsafe: review it)")
                actions.append(types.CodeAction(
                    title=title, kind=types.CodeActionKind.QuickFix, is_preferred=f.fix.safe,
                    diagnostics=[self.diagnostic(checked, f)],
                    edit=self.edit(uri, checked, [types.TextEdit(range=positions.range(e.start, e.end),
                                                                 new_text=e.text) for e in f.fix.edits])))
        if _wanted(FIX_ALL, only) and any(f.fix is not None and f.fix.safe for f in checked.findings):
            fixed, applied, _ = fix_document(checked.linter, checked.document, unsafe=False)
            if applied:
                change = _difference(checked.document.text, fixed)
                actions.append(types.CodeAction(
                    title="newslint: apply every safe fix", kind=FIX_ALL,
                    edit=self.edit(uri, checked, [types.TextEdit(range=positions.range(change.start, change.end),
                                                                 new_text=change.text)])))
        return actions

    def edit(self, uri: str, checked: Checked, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=checked.version),
            edits=edits)])

    def hover(self, uri: str, position: types.Position) -> types.Hover | None:
        checked = self.current(uri)
        if checked is None:
            return None
        offset = self.positions(checked.document).offset(position)
        here = [f for f in checked.findings if f.start <= offset <= max(f.end, f.start + 1)]
        if not here:
            return None
        markdown = types.MarkupKind.Markdown in (_hover_formats(self.client_capabilities) or [types.MarkupKind.Markdown])
        parts = [_explain(next(r for r in checked.linter.rules if r.code == f.code), f, markdown,
                          self.reference) for f in here]
        first, last = min(f.start for f in here), max(f.end for f in here)
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText,
                                         value="\n\n---\n\n".join(parts) if markdown else "\n\n".join(parts)),
            range=self.positions(checked.document).range(first, last))


def _wanted(kind: str, only) -> bool:
    """Whether the client asked for actions of this kind (`only` lists kinds or their parents)."""
    return not only or any(kind == o or kind.startswith(f"{o}.") for o in only)


def _difference(before: str, after: str) -> Edit:
    """The one edit that turns `before` into `after`: what differs between their common
    start and common end (so that the editor keeps the cursor and the undo step small)."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    end = 0
    while end < limit - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return Edit(start, len(before) - end, after[start:len(after) - end])


def _hover_formats(capabilities):
    hover = capabilities.text_document.hover if capabilities.text_document else None
    return hover.content_format if hover else None


def _explain(rule, f: Finding, markdown: bool, reference: str | None) -> str:
    fix = rule.check.fix_summary() or "none"
    if not markdown:
        return (f"{rule.code} {rule.name} ({rule.category}, {f.severity})\n{f.message}\n\n"
                f"{rule.description}\n\nFix: {fix}\n{rule_url(rule, reference)}")
    return (f"**{rule.code} {rule.name}** ({rule.category}, {f.severity})\n\n{f.message}\n\n"
            f"{rule.description}\n\nFix: {fix} · [rule reference]({rule_url(rule, reference)})")


def build() -> NewslintServer:
    server = NewslintServer()

    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("docsUrl"), str):
            server.reference = options["docsUrl"]

    @server.feature(types.INITIALIZED)
    async def initialized(params: types.InitializedParams) -> None:
        workspace = server.client_capabilities.workspace
        watching = workspace and workspace.did_change_watched_files
        if watching and watching.dynamic_registration:
            await server.client_register_capability_async(types.RegistrationParams(registrations=[
                types.Registration(
                    id="newslint-config", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(
                        watchers=[types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_FILES]))]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        server.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        server.schedule(params.text_document.uri, DEBOUNCE)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        if Path(to_fs_path(params.text_document.uri) or "").name in CONFIG_FILES:
            server.reload()  # for clients that do not watch files
        else:
            server.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        handle = server.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        server.checked.pop(uri, None)
        server.send(uri, None, [])

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files_changed(params: types.DidChangeWatchedFilesParams) -> None:
        if any(Path(to_fs_path(change.uri) or "").name in CONFIG_FILES for change in params.changes):
            server.reload()

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def folders_changed(params: types.DidChangeWorkspaceFoldersParams) -> None:
        server.reload()

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]))
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
        return server.code_actions(params.text_document.uri, params)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(params: types.HoverParams) -> types.Hover | None:
        return server.hover(params.text_document.uri, params.position)

    @server.feature(types.SHUTDOWN)
    def shutdown(params) -> None:
        server.shut_down = True
        for handle in server.pending.values():
            handle.cancel()
        server.pending.clear()
        server.executor.shutdown(wait=True)

    return server


def serve() -> bool:
    """Run the server on standard input and output until the client says exit; whether
    it was shut down first (the exit code says so, as LSP asks)."""
    server = build()
    server.start_io()
    return server.shut_down
