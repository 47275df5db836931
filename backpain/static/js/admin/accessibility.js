/*
 * Accessible names for the admin widgets that ship without them (found by the axe-core audit):
 * select2's comboboxes and search boxes (autocomplete fields) and the split date/time inputs.
 * Select2 builds and rebuilds its elements after page load, so a MutationObserver names them as they appear.
 */
"use strict";
(function () {
    function fieldLabel(element) {
        const row = element.closest(".form-row, .fieldBox, td, .form-group");
        const label = row && row.querySelector("label");
        return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
    }

    function nameUnlabelled(root) {
        root.querySelectorAll(".select2-selection[role=combobox], .select2-selection__rendered[role=textbox], .select2-search__field").forEach((element) => {
            if (!element.hasAttribute("aria-label")) {
                const name = fieldLabel(element);
                if (name) {
                    element.removeAttribute("aria-labelledby");
                    element.setAttribute("aria-label", name);
                }
            }
        });
        root.querySelectorAll(".datetime input.vDateField, .datetime input.vTimeField").forEach((input) => {
            if (!input.hasAttribute("aria-label")) {
                const part = input.classList.contains("vDateField") ? "date" : "time";
                input.setAttribute("aria-label", `${fieldLabel(input)} (${part})`);
            }
        });
    }

    document.addEventListener("DOMContentLoaded", () => {
        nameUnlabelled(document);
        new MutationObserver(() => nameUnlabelled(document)).observe(document.body, {childList: true, subtree: true});
    });
})();
