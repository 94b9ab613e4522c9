/* Timeline filters and views. Without JavaScript the full timeline shows, every event as a full
   card; with it, readers narrow the list by sector, actor, type and period, and read it in the
   compact view (one line per event, its details one tap away in a native <details>) or as full
   cards. The choice lives in the URL (?sector=culture&from=2018&view=cards) so a view can be
   shared, and the setup reruns after Material's instant navigation. Material's own script opens
   every <details> for printing and when a link points into one. */
(function () {
  "use strict";

  var FIELDS = ["sector", "actor", "type", "from", "to"];
  var VIEWS = ["compact", "cards"]; // the first is the default, written in the page (data-view)

  // On a paged timeline, a year shown on a page of its own keeps its old anchor (#y1988) on the main
  // page, in the year index, as a link to that page: a link made while the timeline was one page
  // lands there, and with JavaScript goes on to the year.
  function followYear() {
    var target = /^#y\d+$/.test(window.location.hash) && document.getElementById(window.location.hash.slice(1));
    var link = target && target.tagName === "LI" && target.querySelector("a[href]");
    if (link && link.getAttribute("href").charAt(0) !== "#") {
      window.location.replace(link.href);
      return true;
    }
    return false;
  }

  function setup() {
    if (followYear()) {
      return;
    }
    var form = document.getElementById("timeline-filter");
    if (!form || form.getAttribute("data-ready")) {
      return;
    }
    form.setAttribute("data-ready", "true");
    form.hidden = false;
    var cards = Array.prototype.slice.call(document.querySelectorAll("article.ph-event[data-year]"));
    var groups = Array.prototype.slice.call(document.querySelectorAll(".ph-events[data-view]"));
    var status = form.querySelector("[role=status]");

    var params = new URLSearchParams(window.location.search);
    var wantedView = params.get("view");
    form.elements.view.value = VIEWS.indexOf(wantedView) >= 0 ? wantedView : VIEWS[0];
    FIELDS.forEach(function (name) {
      var control = form.elements[name];
      var wanted = params.get(name);
      if (control && wanted !== null) {
        control.value = wanted;
        if (control.value !== wanted) {
          control.value = ""; // an unknown value in a shared link falls back to "all"
        }
      }
    });

    function matches(card, chosen) {
      var year = Number(card.getAttribute("data-year"));
      return (!chosen.sector || card.getAttribute("data-sectors").split(" ").indexOf(chosen.sector) >= 0) &&
        (!chosen.actor || card.getAttribute("data-actors").split(" ").indexOf(chosen.actor) >= 0) &&
        (!chosen.type || card.getAttribute("data-type") === chosen.type) &&
        (!chosen.from || year >= Number(chosen.from)) &&
        (!chosen.to || year <= Number(chosen.to));
    }

    function showView() {
      var view = form.elements.view.value || VIEWS[0];
      groups.forEach(function (group) {
        group.setAttribute("data-view", view);
        group.querySelectorAll("details.ph-event__more").forEach(function (details) {
          details.open = view !== "compact";
        });
        group.setAttribute("data-ready", "true");
      });
    }

    function apply(updateUrl) {
      var chosen = {};
      FIELDS.forEach(function (name) {
        // A year page of a paged timeline has no period fields.
        chosen[name] = form.elements[name] ? form.elements[name].value : "";
      });
      var shown = 0;
      cards.forEach(function (card) {
        var visible = matches(card, chosen);
        card.hidden = !visible;
        shown += visible ? 1 : 0;
      });
      // A year heading stays only while one of its events is shown.
      document.querySelectorAll(".ph-events").forEach(function (group) {
        var any = group.querySelector(".ph-event:not([hidden])") !== null;
        group.hidden = !any;
        var heading = group.previousElementSibling;
        if (heading && heading.tagName === "H2") {
          heading.hidden = !any;
          // The year index shows which years the filters have left.
          var entry = document.querySelector('.ph-years a[href="#' + heading.id + '"]');
          if (entry) {
            entry.parentElement.classList.toggle("ph-years__filtered", !any);
          }
        }
      });
      status.textContent = status.getAttribute("data-template")
        .replace("{shown}", String(shown)).replace("{total}", String(cards.length));
      if (updateUrl) {
        var query = new URLSearchParams();
        FIELDS.forEach(function (name) {
          if (chosen[name]) {
            query.set(name, chosen[name]);
          }
        });
        if (form.elements.view.value && form.elements.view.value !== VIEWS[0]) {
          query.set("view", form.elements.view.value);
        }
        var search = query.toString();
        window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
      }
    }

    form.addEventListener("change", function (event) {
      if (event.target.name === "view") {
        showView();
      }
      apply(true);
    });
    form.addEventListener("reset", function () {
      window.setTimeout(function () {
        showView();
        apply(true);
      }, 0);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    showView();
    apply(false);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
