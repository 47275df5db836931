// "Was this page helpful?" without leaving the page. Without this script the same forms post as plain forms and
// answer with a thank-you page. No cookie is sent or set (`credentials: "omit"`).
(function () {
  "use strict";

  function send(form, submitter) {
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form, submitter),
      headers: { Accept: "application/json" },
      credentials: "omit",
    }).then(function (response) {
      return response.json().then(function (data) {
        data.ok = response.ok;
        return data;
      });
    });
  }

  function firstError(data) {
    var lists = Object.values(data.errors || {});
    return lists.length && lists[0].length ? lists[0][0] : "";
  }

  document.querySelectorAll("[data-feedback]").forEach(function (section) {
    var vote = section.querySelector("[data-feedback-vote]");
    var more = section.querySelector("[data-feedback-more]");
    var status = section.querySelector("[data-feedback-status]");

    vote.addEventListener("submit", function (event) {
      event.preventDefault();
      var helpful = event.submitter && event.submitter.value === "yes";
      send(vote, event.submitter).then(function (data) {
        status.textContent = data.ok ? data.message : [data.message, firstError(data)].join(" ");
        if (!data.ok) return;
        vote.hidden = true;
        more.querySelector("[name=token]").value = data.token;
        var reasons = more.querySelector("[data-feedback-reasons]");
        if (reasons) reasons.hidden = helpful;
        more.hidden = false;
      }).catch(function () {
        vote.submit();
      });
    });

    more.addEventListener("submit", function (event) {
      event.preventDefault();
      send(more, event.submitter).then(function (data) {
        status.textContent = data.ok ? data.message : [data.message, firstError(data)].join(" ");
        if (data.ok) more.hidden = true;
      }).catch(function () {
        more.submit();
      });
    });
  });
})();
