/*
 * django-markdownx editors in inline rows added with "Add another".
 *
 * markdownx starts its editors once, at page load (its issue #275), and does
 * not expose its constructor. Django clones a new inline row from a hidden
 * template row whose editor was already started, so the clone carries the
 * "data-markdownx-init" mark but none of the event handlers: no preview, no
 * upload. On the admin's "formset:added" event we clear the mark in the new
 * row and run markdownx's own script once more: its start-up code then
 * starts exactly the editors that have no mark.
 *
 * New rows are numbered after the existing ones, so they appear where they were added.
 *
 * It also shows why an upload was refused: markdownx only logs the server's
 * message and types "Invalid response" into the text.
 */
"use strict";
(function () {
    const MARKDOWNX_ERROR_TEXT = "Invalid response";

    function restartMarkdownx() {
        const original = document.querySelector('script[src*="markdownx/js/markdownx"]');
        if (!original) {
            return;
        }
        const script = document.createElement("script");
        script.src = original.src;
        script.addEventListener("load", () => script.remove());
        document.body.appendChild(script);
    }

    // A new row goes after the others: number its position one past the highest in its group.
    function numberNewRow(row) {
        const position = row.querySelector('input[name$="-position"]');
        if (!position) {
            return;
        }
        const group = row.closest(".inline-group");
        const taken = Array.from(group.querySelectorAll('input[name$="-position"]'))
            .filter((input) => input !== position && !input.name.includes("__prefix__"))
            .map((input) => parseInt(input.value, 10))
            .filter((value) => !Number.isNaN(value));
        position.value = taken.length ? Math.max(...taken) + 1 : 0;
    }

    document.addEventListener("formset:added", (event) => numberNewRow(event.target));

    document.addEventListener("formset:added", (event) => {
        const editors = event.target.querySelectorAll(".markdownx .markdownx-editor");
        if (!editors.length) {
            return;
        }
        editors.forEach((editor) => editor.removeAttribute("data-markdownx-init"));
        event.target.querySelectorAll(".markdownx-preview").forEach((preview) => preview.replaceChildren());
        restartMarkdownx();
    });

    function showUploadError(event) {
        const widget = event.target;
        const editor = widget.querySelector(".markdownx-editor");
        const response = event.detail && event.detail[0];
        const translate = window.gettext || ((text) => text);
        const messages = (response && response.image) || [translate("The image could not be uploaded.")];
        let list = widget.parentNode.querySelector(".markdownx-upload-errors");
        if (!list) {
            list = document.createElement("ul");
            list.className = "errorlist markdownx-upload-errors";
            list.setAttribute("role", "alert");
            widget.after(list);
        }
        list.replaceChildren(...messages.map((message) => {
            const item = document.createElement("li");
            item.textContent = message;
            return item;
        }));
        // markdownx inserts its placeholder right after this event: take it out again.
        setTimeout(() => {
            editor.value = editor.value.replace(MARKDOWNX_ERROR_TEXT, "");
            editor.dispatchEvent(new Event("input"));
        }, 0);
    }

    function clearUploadError(event) {
        const list = event.target.parentNode.querySelector(".markdownx-upload-errors");
        if (list) {
            list.remove();
        }
    }

    // markdownx's events do not bubble: listen while they travel down (capture).
    document.addEventListener("markdownx.fileUploadError", showUploadError, true);
    document.addEventListener("markdownx.fileUploadEnd", clearUploadError, true);
})();
