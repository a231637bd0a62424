// Small repairs of the theme's and extensions' pages, loaded on every page by
// _ext/socmodels_site.py. Each says what it fixes; none hides content or disables a check.
(function () {
  "use strict";

  // 1. ipywidgets 8 typesets every widget label with MathJax 2's API
  //    (`MathJax.Hub.Queue(["Typeset", MathJax.Hub, element])`) whenever `window.MathJax`
  //    exists; the book uses MathJax 3, which has no `Hub`, so each explorer threw
  //    "Cannot read properties of undefined (reading 'Queue')". Give whichever object is
  //    `window.MathJax` (Sphinx's configuration object, then MathJax 3 itself) a `Hub.Queue`
  //    that typesets the element with MathJax 3 once it has started.
  function addHub(mathjax) {
    if (!mathjax || typeof mathjax !== "object" || mathjax.Hub) return;
    Object.defineProperty(mathjax, "Hub", {
      configurable: true,
      enumerable: false, // not copied into MathJax 3's configuration
      value: {
        Queue: function (job) {
          var element = Array.isArray(job) ? job[2] : undefined;
          var current = window.MathJax;
          if (!current || !current.startup || !current.startup.promise) return;
          current.startup.promise
            .then(function () {
              return current.typesetPromise(element ? [element] : undefined);
            })
            .catch(function (error) {
              console.warn("MathJax could not typeset a widget label:", error);
            });
        },
      },
    });
  }
  var mathjax = window.MathJax;
  addHub(mathjax);
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    enumerable: true,
    get: function () {
      return mathjax;
    },
    set: function (value) {
      mathjax = value;
      addHub(value);
    },
  });

  // 2. Sliders of the explorers (ipywidgets 8 draws them with noUiSlider): the keyboard-focusable
  //    handle has role="slider" but no accessible name, while the visible description is a
  //    <label> that is not associated with it (axe: aria-input-field-name). Name each handle by
  //    its label. Widgets are rendered after the page loads, so watch for them.
  var labelCount = 0;
  function nameSliders(root) {
    var handles = root.querySelectorAll
      ? root.querySelectorAll('[role="slider"]:not([aria-labelledby]):not([aria-label])')
      : [];
    handles.forEach(function (handle) {
      var widget = handle.closest(".widget-slider, .widget-inline-hbox");
      var label = widget && widget.querySelector(".widget-label");
      if (!label || !label.textContent.trim()) return;
      if (!label.id) label.id = "socmodels-slider-label-" + ++labelCount;
      handle.setAttribute("aria-labelledby", label.id);
    });
  }

  // 3. The sidebar's collapsible chapter entries: each <summary> holds only a chevron icon
  //    (axe: summary-name). Say what it opens, after the chapter it belongs to.
  function nameSidebarToggles() {
    document.querySelectorAll("nav summary").forEach(function (summary) {
      if (summary.textContent.trim() || summary.hasAttribute("aria-label")) return;
      var item = summary.closest("li");
      var link = item && item.querySelector(":scope > a");
      var title = link ? link.textContent.trim() : "this part";
      summary.setAttribute("aria-label", "Sections of " + title);
    });
  }

  // 4. The primary sidebar holds the book's logo link and search button outside any landmark
  //    (axe: region), so a screen reader's landmark list skips them. Make the whole sidebar the
  //    book's navigation landmark (its table of contents stays the nested "Main" navigation).
  function landmarkSidebar() {
    var sidebar = document.querySelector(".bd-sidebar-primary");
    if (sidebar && !sidebar.hasAttribute("role")) {
      sidebar.setAttribute("role", "navigation");
      sidebar.setAttribute("aria-label", "Book");
    }
  }

  function repair() {
    landmarkSidebar();
    nameSidebarToggles();
    nameSliders(document);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", repair);
  } else {
    repair();
  }
  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      mutation.addedNodes.forEach(function (node) {
        if (node.nodeType === 1) nameSliders(node.parentElement || node);
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
