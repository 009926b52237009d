// Live updates: when the store gains articles, swap in the fresh list (or the
// fresh story or storyline) without a reload. The server escapes all article
// text, and DOMParser never runs scripts, so the swapped content is as safe as
// the page.
(function () {
  "use strict";
  var body = document.body;
  if (!body || !body.dataset.revision || !window.EventSource) return;
  var status = document.getElementById("live-status");
  var storyId = body.dataset.story;
  var storylineId = body.dataset.storyline;
  var url = "/api/events?since=" + encodeURIComponent(body.dataset.revision);
  var source = new EventSource(url);

  function say(text) { if (status) status.textContent = text; }

  // A list may move with any change; a story or storyline page only with its own.
  function concerns(data) {
    if (!storyId && !storylineId) return true;
    if (storyId && data.stories.indexOf(Number(storyId)) >= 0) return true;
    return Boolean(storylineId) && (data.storylines || []).indexOf(Number(storylineId)) >= 0;
  }

  source.addEventListener("open", function () { say("live"); });
  source.addEventListener("change", function (event) {
    var data = JSON.parse(event.data);
    body.dataset.revision = data.revision;
    if (!concerns(data)) return;
    fetch(window.location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-live]");
        var current = document.querySelector("[data-live]");
        if (fresh && current) {
          current.replaceWith(document.importNode(fresh, true));
          say("updated " + new Date().toLocaleTimeString());
        }
      })
      .catch(function () { say("update failed; reload to see new articles"); });
  });
})();
