/* Demo Chat: a FAKE chat widget, served by the Consentry demo server on
 * chat.localhost. Like a real one it loads its stylesheet, remembers the
 * visitor (_demo_chat cookie, demo_chat_* in localStorage) and adds a bubble. */
(function () {
  "use strict";
  var me = document.currentScript;
  var origin = me && me.src ? new URL(me.src).origin : "http://chat.localhost";
  if (document.querySelector("[data-demo-chat]")) return;
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = origin + "/widget.css";
  document.head.appendChild(css);

  var m = /(?:^|;\s*)_demo_chat=([^;]*)/.exec(document.cookie);
  var visitor = m ? m[1] : "v" + Math.floor(Math.random() * 1e9).toString(36);
  if (!m) document.cookie = "_demo_chat=" + visitor + "; Path=/; Max-Age=" + 60 * 60 * 24 * 30 + "; SameSite=Lax";
  var visits = 1;
  try {
    visits = (parseInt(localStorage.getItem("demo_chat_visits"), 10) || 0) + 1;
    localStorage.setItem("demo_chat_visits", String(visits));
  } catch (e) { /* storage off */ }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  var root = el("div", "demo-chat");
  root.setAttribute("data-demo-chat", "");
  var box = el("div", "demo-chat-box");
  box.id = "demo-chat-box";
  box.hidden = true;
  box.setAttribute("role", "dialog");
  box.setAttribute("aria-label", "Chat with Salesinteract");
  box.appendChild(el("p", "demo-chat-head", "Sam from Salesinteract"));
  box.appendChild(el("p", "demo-chat-msg", visits > 1
    ? "Welcome back! Shall I set up a 20-minute demo for your team?"
    : "Hi there 👋 Questions about Salesinteract? I’m happy to help."));
  box.appendChild(el("p", "demo-chat-note", "This is a fake chat widget served by chat.localhost."));
  var bubble = el("button", "demo-chat-bubble", "Chat with sales");
  bubble.type = "button";
  bubble.setAttribute("aria-expanded", "false");
  bubble.setAttribute("aria-controls", box.id);
  bubble.addEventListener("click", function () {
    box.hidden = !box.hidden;
    bubble.setAttribute("aria-expanded", String(!box.hidden));
  });
  root.appendChild(box);
  root.appendChild(bubble);
  document.body.appendChild(root);
})();
