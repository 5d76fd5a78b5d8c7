// Progressive enhancements for the dossier; every page works without this file.
//
// 1. Copy link: a button beside every ¶ link (a.para-link) and every
//    .copy-link that copies the full address of its target, #fragment
//    included. Without JavaScript the plain anchor link stays.
// 2. Previews: hovering or focusing a link to a paragraph, an actor or a
//    proposal of this site shows a short preview of it, fetched from the
//    target page and shown as text only.
// 3. The Search page: Pagefind's JavaScript API behind the form of
//    theme/templates/search.html, with paragraph-level hits in articles;
//    on a large site, over the index's buckets merged into one search.
//
// No framework, no inline script or style (the pages' CSP allows only
// scripts from the site and WebAssembly); fetched content is only ever
// inserted as text.
(function () {
  "use strict";

  // The site's root address, from this script's own: <root>/theme/js/dossier.js.
  var script = document.currentScript;
  var SITE_ROOT = new URL("../../", script ? script.src : location.href);

  document.documentElement.classList.add("js");

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  // Added content goes inside <main>: all of a page's content is in a landmark.
  function landmark() {
    return document.querySelector("main") || document.body;
  }

  // ---------------------------------------------------------------- live region
  var live = null;
  function announce(message) {
    if (!live) {
      live = el("div", "visually-hidden");
      live.id = "dossier-live";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      landmark().appendChild(live);
    }
    // Clear first so the same message twice is announced twice.
    live.textContent = "";
    window.setTimeout(function () { live.textContent = message; }, 50);
  }

  // ---------------------------------------------------------------- 1. copy link
  function addressOf(link) {
    var url = new URL(link.getAttribute("href"), location.href);
    if (url.origin === location.origin && url.pathname === location.pathname && url.search === location.search) {
      // Same page: the address the reader sees, without its current #fragment.
      var here = new URL(location.href);
      here.hash = url.hash;
      return here.href;
    }
    return url.href;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return legacyCopy(text);
  }

  function legacyCopy(text) {
    return new Promise(function (resolve, reject) {
      var area = el("textarea", "copy-buffer");
      area.value = text;
      area.setAttribute("readonly", "");
      area.setAttribute("aria-hidden", "true");
      area.tabIndex = -1;
      document.body.appendChild(area);
      var focused = document.activeElement;
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (focused && focused.focus) focused.focus();
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }

  function describeTarget(link) {
    var text = (link.textContent || "").trim();
    var match = /^¶\s*(\d+)$/.exec(text);
    if (match) return "paragraph " + match[1];
    var label = link.getAttribute("aria-label") || link.getAttribute("title") || text;
    label = label.replace(/^(copy\s+)?link to\s+/i, "").trim();
    return label || "this section";
  }

  function addCopyButton(link) {
    if (!link || link.dataset.copyReady) return;
    var href = link.getAttribute("href");
    if (!href || href.indexOf("#") === -1) return;
    link.dataset.copyReady = "1";
    var what = describeTarget(link);
    var button = el("button", "copy-button");
    button.type = "button";
    button.dataset.searchIgnore = "";
    var label = el("span", "copy-label", "Copy link");
    var hidden = el("span", "visually-hidden", " to " + what);
    button.appendChild(label);
    button.appendChild(hidden);
    var timer = null;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var address = addressOf(link);
      copyText(address).then(function () {
        button.classList.add("copied");
        label.textContent = "Copied";
        announce("Link to " + what + " copied: " + address);
      }, function () {
        button.classList.add("copy-failed");
        label.textContent = "Copy failed";
        announce("Could not copy the link; the address is " + address);
      }).then(function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          button.classList.remove("copied", "copy-failed");
          label.textContent = "Copy link";
        }, 2500);
      });
    });
    link.insertAdjacentElement("afterend", button);
    addCiteButton(link, button);
  }

  function enhanceCopyLinks(root) {
    var links = root.querySelectorAll("a.para-link, a.copy-link, .copy-link a[href*='#']");
    for (var i = 0; i < links.length; i++) addCopyButton(links[i]);
  }

  // ---------------------------------------------------------------- 1b. copy citation
  // A ready reference: headline, outlet, date, ¶, the full address and the quoted
  // text, as plain text and as HTML with a link. A paragraph cites itself; an
  // event, a term or a response cites the first paragraph its sources name.
  function plain(node, drop) {
    var copy = node.cloneNode(true);
    var junk = copy.querySelectorAll(drop);
    for (var i = 0; i < junk.length; i++) junk[i].remove();
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  var NOT_TEXT = ".para-link, .copy-link, .copy-button, .copy-cite, .visually-hidden, .cites, .cited-on, .state, .alias-anchor";

  function citationFor(link) {
    var para = link.closest(".para");
    var article = link.closest("article.source-article");
    if (para && article) {
      return {
        headline: article.dataset.headline, outlet: article.dataset.outlet, date: article.dataset.date,
        paragraph: para.id.replace(/^p/, ""), address: addressOf(link), quote: plain(para, NOT_TEXT)
      };
    }
    var holder = link.closest(".event, tr, li");
    var chip = holder && holder.querySelector("a.cite[data-headline]");
    if (!chip) return null;
    var quoted = holder.querySelector(".event-text") || holder.querySelector("td") || holder;
    return {
      headline: chip.dataset.headline, outlet: chip.dataset.outlet, date: chip.dataset.date,
      paragraph: chip.dataset.paragraph, address: new URL(chip.getAttribute("href"), location.href).href,
      quote: plain(quoted, NOT_TEXT)
    };
  }

  function citationText(c) {
    return c.headline + ". " + c.outlet + ", " + c.date + ", \u00b6" + c.paragraph + ". " + c.address + "\n\u201c" + c.quote + "\u201d";
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function citationHtml(c) {
    return "<p><a href=\"" + escapeHtml(c.address) + "\">" + escapeHtml(c.headline) + "</a>. " + escapeHtml(c.outlet) + ", " +
      escapeHtml(c.date) + ", \u00b6" + escapeHtml(c.paragraph) + ".<br>\u201c" + escapeHtml(c.quote) + "\u201d</p>";
  }

  function copyRich(text, html) {
    if (navigator.clipboard && window.isSecureContext && window.ClipboardItem && navigator.clipboard.write) {
      var item = new ClipboardItem({
        "text/plain": new Blob([text], { type: "text/plain" }),
        "text/html": new Blob([html], { type: "text/html" })
      });
      return navigator.clipboard.write([item]).catch(function () { return copyText(text); });
    }
    return copyText(text);
  }

  function addCiteButton(link, after) {
    if (!citationFor(link)) return;
    var button = el("button", "copy-cite");
    button.type = "button";
    button.dataset.searchIgnore = "";
    var label = el("span", "copy-label", "Copy citation");
    button.appendChild(label);
    button.appendChild(el("span", "visually-hidden", " of " + describeTarget(link)));
    var timer = null;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var c = citationFor(link);
      copyRich(citationText(c), citationHtml(c)).then(function () {
        button.classList.add("copied");
        label.textContent = "Copied";
        announce("Citation copied: " + citationText(c));
      }, function () {
        button.classList.add("copy-failed");
        label.textContent = "Copy failed";
        announce("Could not copy the citation");
      }).then(function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          button.classList.remove("copied", "copy-failed");
          label.textContent = "Copy citation";
        }, 2500);
      });
    });
    after.insertAdjacentElement("afterend", button);
  }

  // ---------------------------------------------------------------- 2. previews
  var PREVIEW_DELAY = 300;
  var HIDE_DELAY = 250;
  var pageCache = new Map();
  var preview = null;
  var previewFor = null;
  var showTimer = null;
  var hideTimer = null;
  var pending = null;

  // Which links get a preview, and of what: {url, kind, id}.
  function previewTarget(link) {
    if (!link || !link.getAttribute || link.closest(".site-header, .site-nav, .preview, .search-results, .copy-button")) return null;
    var href = link.getAttribute("href");
    if (!href) return null;
    var url;
    try { url = new URL(href, location.href); } catch (e) { return null; }
    if (url.origin !== location.origin) return null;
    // In-page links (the ¶ links, the skip link) show nothing new.
    if (url.pathname === location.pathname) return null;
    var path = url.pathname;
    if (path.indexOf(SITE_ROOT.pathname) !== 0) return null;
    path = path.slice(SITE_ROOT.pathname.length);
    var m = /^(articles|actors|proposals)\/([^/]+?)(?:\/(?:index\.html)?|\.html)$/.exec(path);
    if (!m) return null;
    var page = new URL(url.href);
    page.hash = "";
    if (m[1] === "articles") {
      var id = decodeURIComponent(url.hash.slice(1));
      if (!/^p\d+$/.test(id)) return null;
      return { url: page.href, kind: "paragraph", id: id };
    }
    return { url: page.href, kind: m[1] === "actors" ? "actor" : "proposal", id: null };
  }

  function fetchPage(url) {
    if (!pageCache.has(url)) {
      var promise = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + url);
        return response.text();
      }).then(function (html) {
        return new DOMParser().parseFromString(html, "text/html");
      });
      promise.catch(function () { pageCache.delete(url); });
      pageCache.set(url, promise);
    }
    return pageCache.get(url);
  }

  function clip(text, max) {
    text = (text || "").replace(/\s+/g, " ").trim();
    if (text.length <= max) return text;
    var cut = text.lastIndexOf(" ", max);
    return text.slice(0, cut > max * 0.6 ? cut : max) + "…";
  }

  function textOf(node, drop) {
    var copy = node.cloneNode(true);
    var junk = copy.querySelectorAll(drop);
    for (var i = 0; i < junk.length; i++) junk[i].remove();
    return copy.textContent;
  }

  // The preview's parts, all text: {title, kicker, body}.
  function previewContent(doc, target) {
    var h1 = doc.querySelector("main h1, h1");
    var title = h1 ? textOf(h1, ".para-link, .copy-link, .visually-hidden") : (doc.title || "");
    if (target.kind === "paragraph") {
      var para = doc.getElementById(target.id);
      if (!para) return null;
      var number = target.id.slice(1);
      return {
        kicker: "¶" + number + " of",
        title: clip(title, 120),
        body: clip(textOf(para, ".para-link, .copy-link, .copy-button, .visually-hidden, sup, .cited-on"), 420),
      };
    }
    var meta = doc.querySelector('meta[name="description"]');
    return {
      kicker: target.kind === "actor" ? "Actor" : "Proposal",
      title: clip(title, 120),
      body: clip(meta ? meta.getAttribute("content") : "", 420),
    };
  }

  function ensurePreview() {
    if (preview) return preview;
    preview = el("div", "preview");
    preview.id = "dossier-preview";
    preview.setAttribute("role", "tooltip");
    preview.hidden = true;
    preview.addEventListener("mouseenter", function () { window.clearTimeout(hideTimer); });
    preview.addEventListener("mouseleave", function () { scheduleHide(); });
    landmark().appendChild(preview);
    return preview;
  }

  function place(link) {
    var box = ensurePreview();
    var rect = link.getBoundingClientRect();
    var viewport = document.documentElement.clientWidth;
    var width = Math.min(box.offsetWidth || 352, viewport - 16);
    var left = Math.max(8, Math.min(rect.left, viewport - width - 8));
    var top = rect.bottom + 6;
    var below = window.innerHeight - rect.bottom;
    box.classList.toggle("preview-above", below < box.offsetHeight + 12 && rect.top > box.offsetHeight + 12);
    if (box.classList.contains("preview-above")) top = rect.top - box.offsetHeight - 6;
    // Relative to the box's containing block (the document unless an ancestor is positioned).
    var parent = box.offsetParent;
    var origin = !parent || parent === document.body ? document.documentElement.getBoundingClientRect() : parent.getBoundingClientRect();
    var inset = parent && parent !== document.body ? [parent.clientLeft, parent.clientTop] : [0, 0];
    // CSSOM, not a style attribute: allowed by the CSP.
    box.style.left = (left - origin.left - inset[0]) + "px";
    box.style.top = (top - origin.top - inset[1]) + "px";
  }

  function showPreview(link, target) {
    var token = {};
    pending = token;
    fetchPage(target.url).then(function (doc) {
      if (pending !== token) return;
      var content = previewContent(doc, target);
      if (!content || !content.body && !content.title) return;
      var box = ensurePreview();
      box.textContent = "";
      var head = el("p", "preview-head");
      head.appendChild(el("span", "preview-kicker", content.kicker + " "));
      head.appendChild(el("span", "preview-title", content.title));
      box.appendChild(head);
      if (content.body) box.appendChild(el("p", "preview-body", content.body));
      hidePreview();
      pending = token;
      previewFor = link;
      box.hidden = false;
      link.setAttribute("aria-describedby", box.id);
      place(link);
    }, function () { /* no preview when the page cannot be fetched */ });
  }

  function hidePreview() {
    window.clearTimeout(showTimer);
    window.clearTimeout(hideTimer);
    pending = null;
    if (previewFor) {
      if (previewFor.getAttribute("aria-describedby") === "dossier-preview") previewFor.removeAttribute("aria-describedby");
      previewFor = null;
    }
    if (preview) preview.hidden = true;
  }

  function scheduleShow(link) {
    var target = previewTarget(link);
    if (!target) return;
    window.clearTimeout(hideTimer);
    if (previewFor === link) return;
    window.clearTimeout(showTimer);
    showTimer = window.setTimeout(function () { showPreview(link, target); }, PREVIEW_DELAY);
  }

  function scheduleHide() {
    window.clearTimeout(showTimer);
    window.clearTimeout(hideTimer);
    hideTimer = window.setTimeout(hidePreview, HIDE_DELAY);
  }

  function setUpPreviews() {
    document.addEventListener("mouseover", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (link) scheduleShow(link);
    });
    document.addEventListener("mouseout", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (!link) return;
      if (event.relatedTarget && link.contains(event.relatedTarget)) return;
      if (link === previewFor || previewTarget(link)) scheduleHide();
    });
    document.addEventListener("focusin", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (link) scheduleShow(link);
    });
    document.addEventListener("focusout", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (link && (link === previewFor || previewTarget(link))) {
        window.clearTimeout(showTimer);
        pending = null;
        hidePreview();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && (previewFor || pending)) {
        hidePreview();
      }
    });
    window.addEventListener("resize", function () { if (previewFor) place(previewFor); });
  }

  // ---------------------------------------------------------------- 3. search page
  var KIND_LABELS = { actor: "Actor", proposal: "Proposal", article: "Article", chronology: "Chronology", other: "Page" };
  var PAGE_SIZE = 20;
  var pagefindPromise = null;

  // The index is one Pagefind bundle at pagefind/ or, on a large site, that
  // main bundle and buckets beside it (pagefind/articles-0/, …), listed in
  // pagefind/bundles.json and merged here into one search (dossier/search.py).
  // Each bundle is tagged with a "bundle" filter, so that a search can be
  // limited to the bundles that hold the query's words (searchSite).
  function loadPagefind() {
    if (!pagefindPromise) {
      var base = new URL("pagefind/", SITE_ROOT);
      var manifest = fetch(new URL("bundles.json", base).href, { credentials: "same-origin" }).then(function (response) {
        if (response.status === 404) return {};  // an index from before there were buckets: one bundle
        if (!response.ok) throw new Error(response.status + " bundles.json");
        return response.json();
      });
      pagefindPromise = Promise.all([import(new URL("pagefind.js", base).href), manifest]).then(function (loaded) {
        var pagefind = loaded[0], manifest = loaded[1];
        var bundles = (manifest.bundles || []).map(function (path) { return { path: path, name: path.replace(/\/$/, "") }; });
        var vocabulary = manifest.vocabulary && Object.keys(manifest.vocabulary.pages || {}).length ? manifest.vocabulary : null;
        if (vocabulary) bundles.push({ path: vocabulary.bundle, name: "vocabulary" });
        return Promise.resolve(bundles.length && pagefind.options ? pagefind.options({ mergeFilter: { bundle: "main" } }) : null)
          .then(function () { return pagefind.init ? pagefind.init() : null; })
          .then(function () {
            // All at once; Pagefind adds them in the order they are asked for.
            return Promise.all(bundles.map(function (bundle) {
              return pagefind.mergeIndex(new URL(bundle.path, base).href, { mergeFilter: { bundle: bundle.name } });
            }));
          })
          .then(function () { return { pagefind: pagefind, vocabulary: vocabulary }; });
      });
      pagefindPromise.catch(function () { pagefindPromise = null; });
    }
    return pagefindPromise;
  }

  // Pagefind searches each merged bundle on its own words, and one without a
  // word that starts like a query word answers with the longest of its words
  // the query word starts with ("intermediaries" finds every "in"): hits on
  // paragraphs that do not hold the word. One index of the whole site does
  // that only where the word is nowhere. The vocabulary bundle has one page
  // per bundle with all its words: searching it first says which bundles
  // hold the query's words, as the whole site's index would see them, and
  // the search then looks in those bundles only. A "quoted phrase" is looked
  // up word for word in every bundle, without that substitute, so it needs
  // no vocabulary (which keeps no word order anyway).
  function searchSite(index, query, options) {
    var vocabulary = index.vocabulary;
    if (!vocabulary || /^\s*".+"\s*$/.test(query)) return index.pagefind.search(query, options);
    return index.pagefind.search(query, { filters: { bundle: "vocabulary" } }).then(function (found) {
      var holding = [];
      (found ? found.results : []).forEach(function (r) {
        var bundle = vocabulary.pages[r.id];
        if (bundle && holding.indexOf(bundle) === -1) holding.push(bundle);
      });
      if (!holding.length) return { results: [] };
      var filters = Object.assign({}, options.filters, { bundle: { any: holding } });
      return index.pagefind.search(query, Object.assign({}, options, { filters: filters }));
    });
  }

  // A result's address on this site. Pagefind's raw_url is the page's path
  // from the root of the folder it indexed ("/articles/x/"), the same in every
  // bundle; its url is that path under a base it guesses from where each
  // bundle was loaded, wrong once the site is not at the server's root.
  function siteUrl(data) {
    return new URL((data.raw_url || data.url).replace(/^\//, ""), SITE_ROOT).href;
  }

  // Turkish dotless ı is not a diacritic to Pagefind: "Kalın" would not find "Kalin".
  function foldQuery(query) {
    return query.replace(/ı/g, "i").replace(/İ/g, "I");
  }

  function words(text) {
    return foldQuery(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function kindOf(data) {
    return (data.meta && data.meta.kind) || (data.filters && data.filters.kind && data.filters.kind[0]) || "other";
  }

  // A reader who types a name wants the page of that name first: actor and
  // proposal pages whose title or one of whose other names is the query (0),
  // or whose title holds its words in a row (1), go before the rest (2), which
  // keep Pagefind's order.
  // A page's other names come from its "aliases" metadata ("Turkey|Ankara"), where a template gives it.
  function nameRank(data, queryWords) {
    var kind = kindOf(data);
    if (kind !== "actor" && kind !== "proposal" || !queryWords.length) return 2;
    var meta = data.meta || {};
    var names = [meta.title].concat(meta.aliases ? meta.aliases.split("|") : []);
    var wanted = queryWords.join(" ");
    var best = 2;
    names.forEach(function (name, n) {
      var nameWords = words(name);
      if (nameWords.join(" ") === wanted) best = 0;
      // The title holding the query's words in a row ranks next; another name must match whole.
      for (var i = 0; n === 0 && best > 1 && i + queryWords.length <= nameWords.length; i++) {
        if (nameWords.slice(i, i + queryWords.length).join(" ") === wanted) best = 1;
      }
    });
    return best;
  }

  // Pagefind's excerpt is HTML with <mark>: rebuilt here from its text only.
  function appendMarked(parent, html) {
    var doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    var nodes = doc.body.childNodes;
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      if (node.nodeType === 1 && node.nodeName === "MARK") parent.appendChild(el("mark", null, node.textContent));
      else parent.appendChild(document.createTextNode(node.textContent));
    }
  }

  // Hits inside a page, element by element: Pagefind records every element
  // with an id as an anchor with its word position, and each hit's position;
  // a hit belongs to the last anchor before it. Articles are split into
  // their paragraphs (#pN), chronology pages into their events (#e-…).
  var MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  function eventLabel(id) {
    var m = /^e-(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(id);
    if (!m) return id;
    var parts = [];
    if (m[3]) parts.push(String(Number(m[3])));
    if (m[2]) parts.push(MONTH_NAMES[Number(m[2]) - 1]);
    parts.push(m[1]);
    return parts.join(" ");
  }
  var HIT_ANCHORS = {
    article: { test: /^p\d+$/, label: function (id) { return "¶" + id.slice(1); }, name: function (id) { return "Paragraph " + id.slice(1); } },
    chronology: { test: /^e-\d{4}/, label: eventLabel, name: function (id) { return "Event of " + eventLabel(id); } },
  };

  function anchorHits(data, test, limit) {
    // Block elements only: an empty <span id> (an old address kept as an alias) shares its event's position.
    var anchors = (data.anchors || []).filter(function (a) { return test.test(a.id) && a.element !== "span" && a.element !== "a"; });
    if (!anchors.length || !data.locations || !data.locations.length) return [];
    anchors.sort(function (a, b) { return a.location - b.location; });
    var words = (data.content || "").split(/\s+/);
    var byAnchor = new Map();
    data.locations.forEach(function (location) {
      var owner = null;
      for (var i = 0; i < anchors.length && anchors[i].location <= location; i++) owner = i;
      if (owner === null) return;
      if (!byAnchor.has(owner)) byAnchor.set(owner, []);
      byAnchor.get(owner).push(location);
    });
    var hits = [];
    byAnchor.forEach(function (locations, index) {
      var anchor = anchors[index];
      var end = index + 1 < anchors.length ? anchors[index + 1].location : words.length;
      var first = locations[0];
      var from = Math.max(anchor.location, first - 12);
      var to = Math.min(end, from + 30);
      hits.push({
        id: anchor.id,
        at: anchor.location,
        count: locations.length,
        words: words.slice(from, to),
        marks: locations.map(function (l) { return l - from; }),
        clippedStart: from > anchor.location,
        clippedEnd: to < end,
      });
    });
    hits.sort(function (a, b) { return b.count - a.count || a.at - b.at; });
    return hits.slice(0, limit);
  }

  function hitExcerpt(hit) {
    var p = el("span", "hit-excerpt");
    if (hit.clippedStart) p.appendChild(document.createTextNode("… "));
    hit.words.forEach(function (word, i) {
      if (i) p.appendChild(document.createTextNode(" "));
      if (hit.marks.indexOf(i) !== -1) p.appendChild(el("mark", null, word));
      else p.appendChild(document.createTextNode(word));
    });
    if (hit.clippedEnd) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  function renderResult(data) {
    var kind = kindOf(data);
    var item = el("li", "search-result kind-" + kind);
    item.appendChild(el("p", "result-kind", KIND_LABELS[kind] || KIND_LABELS.other));
    var heading = el("h2", "result-title");
    var split = HIT_ANCHORS[kind];
    var hits = split ? anchorHits(data, split.test, 5) : [];
    var link = el("a", null, (data.meta && data.meta.title) || data.raw_url || data.url);
    // An article whose best hit is in one paragraph: the title goes straight to it.
    link.href = siteUrl(data) + (hits.length ? "#" + hits[0].id : "");
    heading.appendChild(link);
    item.appendChild(heading);
    if (hits.length) {
      var list = el("ul", "result-hits");
      hits.forEach(function (hit) {
        var li = el("li");
        var a = el("a", "hit-link", split.label(hit.id));
        a.href = siteUrl(data) + "#" + hit.id;
        a.setAttribute("aria-label", split.name(hit.id));
        li.appendChild(a);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(hitExcerpt(hit));
        list.appendChild(li);
      });
      item.appendChild(list);
    } else {
      var excerpt = el("p", "result-excerpt");
      appendMarked(excerpt, data.excerpt || "");
      item.appendChild(excerpt);
      var subs = (data.sub_results || []).filter(function (s) { return s.anchor && s.anchor.id; }).slice(0, 3);
      if (subs.length) {
        var sublist = el("ul", "result-hits");
        subs.forEach(function (sub) {
          var li = el("li");
          var a = el("a", "hit-link", sub.title || sub.anchor.id);
          a.href = siteUrl(data) + "#" + sub.anchor.id;
          li.appendChild(a);
          sublist.appendChild(li);
        });
        item.appendChild(sublist);
      }
    }
    return item;
  }

  // The results of the query and of its folded spelling, best first; a page
  // both found is listed once, with the better score and the hit positions
  // that go with it. Within one search every result stays, even two with the
  // same id: an id is a short hash of a page, unique only within its bundle.
  function mergeSearches(searches) {
    var list = [];
    var byId = new Map();
    searches.forEach(function (search, n) {
      if (!search) return;
      search.results.forEach(function (r) {
        var at = n ? byId.get(r.id) : undefined;
        if (at === undefined) {
          if (!n) byId.set(r.id, list.length);
          list.push(r);
        } else if (list[at].score < r.score) {
          list[at] = r;
        }
      });
    });
    return list.sort(function (a, b) { return b.score - a.score; });
  }

  function setUpSearchPage() {
    var form = document.getElementById("search-form");
    if (!form) return;
    var input = form.querySelector("input[name=q]");
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=kind]"));
    var status = document.getElementById("search-status");
    var results = document.getElementById("search-results");
    var more = document.getElementById("search-more");
    var current = { list: [], shown: 0, serial: 0 };
    form.classList.add("search-ready");

    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    var kinds = params.getAll("kind");
    if (kinds.length) boxes.forEach(function (box) { box.checked = kinds.indexOf(box.value) !== -1; });

    function chosenKinds() {
      return boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
    }

    function remember(query, chosen) {
      var url = new URL(location.href);
      url.search = "";
      if (query) url.searchParams.set("q", query);
      if (chosen.length !== boxes.length) chosen.forEach(function (k) { url.searchParams.append("kind", k); });
      history.replaceState(null, "", url.href);
    }

    function say(text) { status.textContent = text; }

    function showMore() {
      var serial = current.serial;
      var slice = current.list.slice(current.shown, current.shown + PAGE_SIZE);
      current.shown += slice.length;
      if (more) more.hidden = true;
      var first = current.shown === slice.length;
      return Promise.all(slice.map(function (r) { return r.data(); })).then(function (datas) {
        if (serial !== current.serial) return;
        if (first) {
          var queryWords = words(current.query);
          datas = datas.map(function (data, i) { return { data: data, rank: nameRank(data, queryWords), i: i }; })
            .sort(function (a, b) { return a.rank - b.rank || a.i - b.i; })
            .map(function (entry) { return entry.data; });
        }
        datas.forEach(function (data) { results.appendChild(renderResult(data)); });
        if (more) more.hidden = current.shown >= current.list.length;
      });
    }

    function run() {
      var query = input.value.trim();
      var chosen = chosenKinds();
      var serial = ++current.serial;
      remember(query, chosen);
      results.textContent = "";
      if (more) more.hidden = true;
      if (!query) { say(""); return; }
      if (!chosen.length) { say("Choose at least one kind of page to search."); return; }
      say("Searching…");
      results.setAttribute("aria-busy", "true");
      var options = chosen.length === boxes.length ? {} : { filters: { kind: { any: chosen } } };
      var queries = [query];
      if (foldQuery(query) !== query) queries.push(foldQuery(query));
      loadPagefind().then(function (index) {
        return Promise.all(queries.map(function (q) { return searchSite(index, q, options); }));
      }).then(function (searches) {
        if (serial !== current.serial) return;
        current.query = query;
        current.list = mergeSearches(searches);
        current.shown = 0;
        var n = current.list.length;
        return showMore().then(function () {
          if (serial !== current.serial) return;
          say(n ? n + (n === 1 ? " page matches" : " pages match") + " “" + query + "”." : "Nothing matches “" + query + "”. Try another spelling or fewer words.");
        });
      }).catch(function () {
        if (serial !== current.serial) return;
        say("The search index could not be loaded. Search works when the site is served over HTTP (make serve), not opened from the file system; the Sources page lists every article.");
      }).then(function () {
        results.removeAttribute("aria-busy");
      });
    }

    var typing = null;
    form.addEventListener("submit", function (event) { event.preventDefault(); window.clearTimeout(typing); run(); });
    input.addEventListener("input", function () { window.clearTimeout(typing); typing = window.setTimeout(run, 250); });
    boxes.forEach(function (box) { box.addEventListener("change", run); });
    if (more) more.addEventListener("click", function () { showMore(); });
    if (input.value.trim()) run();
    // Warm the index while the reader types.
    input.addEventListener("focus", function () { loadPagefind().catch(function () {}); }, { once: true });
  }

  ready(function () {
    enhanceCopyLinks(document);
    setUpPreviews();
    setUpSearchPage();
  });
})();
