/** CodeMirror 6 bound to the page's Y.Text, with Markdown highlighting, remote cursors and comment highlights. */
import {markdown} from "@codemirror/lang-markdown";
import {EditorState, StateEffect, type Extension} from "@codemirror/state";
import {Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate} from "@codemirror/view";
import {basicSetup} from "codemirror";
import {yCollab} from "y-codemirror.next";
import type {Awareness} from "y-protocols/awareness";
import * as Y from "yjs";
import {listThreads} from "../shared/comments.js";
import {COMMENTS, TEXT} from "../shared/schema.js";

/** Dispatched when comments change, so highlights follow without a text edit. */
const refresh = StateEffect.define<null>();

export function createEditor(parent: HTMLElement, doc: Y.Doc, awareness: Awareness, readOnly: boolean): EditorView {
  const ytext = doc.getText(TEXT);
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: ytext.toString(),
      extensions: [
        basicSetup,
        markdown(),
        EditorView.lineWrapping,
        // Read-only keeps selection working, which commenters need to anchor a comment.
        EditorState.readOnly.of(readOnly),
        yCollab(ytext, awareness, {undoManager: new Y.UndoManager(ytext)}),
        commentHighlights(doc)
      ]
    })
  });
  const comments = doc.getMap(COMMENTS);
  const onComments = () => view.dispatch({effects: refresh.of(null)});
  comments.observeDeep(onComments);
  const destroy = view.destroy.bind(view);
  view.destroy = () => {
    comments.unobserveDeep(onComments);
    destroy();
  };
  return view;
}

function commentHighlights(doc: Y.Doc): Extension {
  const mark = Decoration.mark({class: "cm-comment-range"});
  const build = (length: number): DecorationSet =>
    Decoration.set(
      listThreads(doc)
        .filter((t) => t.attached && !t.resolved && t.to <= length)
        .map((t) => mark.range(t.from, t.to)),
      true
    );
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = build(view.state.doc.length);
      }
      update(update: ViewUpdate) {
        if (update.docChanged || update.transactions.some((tr) => tr.effects.some((e) => e.is(refresh)))) {
          this.decorations = build(update.state.doc.length);
        }
      }
    },
    {decorations: (v) => v.decorations}
  );
}
