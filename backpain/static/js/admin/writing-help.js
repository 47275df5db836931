/*
 * Plain-language help under each Markdown editor, as the author types: reading ease, grade and SMOG, sentences
 * over 25 words, and clinical words with the plain alternative editors listed (Editorial → Clinical terms).
 *
 * The field's text is posted (with the CSRF token) to the endpoint beside markdownx's preview, a second after
 * typing stops; the answer is shown with textContent only, so nothing in it can become markup.
 */
"use strict";
(function () {
    const WAIT_MS = 700;

    function csrfToken(textarea) {
        const input = (textarea.form || document).querySelector("input[name=csrfmiddlewaretoken]");
        return input ? input.value : "";
    }

    function element(tag, text, className) {
        const node = document.createElement(tag);
        if (text !== undefined) node.textContent = text;
        if (className) node.className = className;
        return node;
    }

    function figure(label, value, advice) {
        const shown = value === null ? "–" : String(value);
        return element("span", `${label} ${shown}`, advice ? "writing-help-figure writing-help-warn" : "writing-help-figure");
    }

    function show(panel, data) {
        panel.replaceChildren();
        if (data.reading_ease === null) {
            panel.append(element("p", "Readability: write a few sentences to see it."));
            return;
        }
        const figures = element("p", undefined, "writing-help-figures");
        figures.append(
            figure("Reading ease", data.reading_ease, data.reading_ease < 60),
            figure("· Grade", data.grade, data.grade > 8),
            figure("· SMOG", data.smog, data.smog !== null && data.smog > 8),
        );
        panel.append(figures);
        if (data.long_sentences.length) {
            panel.append(element("p", `Long sentences (over 25 words): ${data.long_sentences.length}`, "writing-help-heading"));
            const list = element("ul", undefined, "writing-help-long");
            data.long_sentences.forEach((sentence) => list.append(element("li", sentence)));
            panel.append(list);
        }
        if (data.terms.length) {
            panel.append(element("p", "Plain words readers know:", "writing-help-heading"));
            const list = element("ul", undefined, "writing-help-terms");
            data.terms.forEach((term) => {
                const item = element("li");
                item.append(element("mark", term.term), document.createTextNode(` → ${term.lay}`));
                if (term.count > 1) item.append(document.createTextNode(` (${term.count}×)`));
                list.append(item);
            });
            panel.append(list);
        }
    }

    function start(textarea) {
        if (textarea.dataset.writingHelp) return;
        textarea.dataset.writingHelp = "on";
        const url = textarea.dataset.markdownxUrlsPath.replace(/markdownify\/$/, "writing-help/");
        const panel = element("div", undefined, "writing-help");
        panel.setAttribute("role", "status");
        panel.setAttribute("aria-live", "polite");
        panel.setAttribute("aria-label", "Plain-language help");
        textarea.closest(".markdownx").after(panel);
        let timer = null;
        const ask = () => {
            const body = new FormData();
            body.append("content", textarea.value);
            fetch(url, { method: "POST", body, headers: { "X-CSRFToken": csrfToken(textarea) }, credentials: "same-origin" })
                .then((response) => (response.ok ? response.json() : null))
                .then((data) => data && show(panel, data))
                .catch(() => {});
        };
        textarea.addEventListener("input", () => {
            clearTimeout(timer);
            timer = setTimeout(ask, WAIT_MS);
        });
        if (textarea.value.trim()) ask();
    }

    function startAll() {
        document.querySelectorAll("textarea.markdownx-editor[data-markdownx-urls-path]").forEach((textarea) => {
            if (!textarea.closest(".empty-form")) start(textarea);
        });
    }

    document.addEventListener("DOMContentLoaded", startAll);
    document.addEventListener("formset:added", startAll);
})();
