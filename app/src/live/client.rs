//! The browser's side of live updates: one `EventSource` per watching component.

use leptos::prelude::*;

/// A counter that ticks whenever `topic` is published (by any Parta process) and whenever the
/// stream opens — the first time too: what changed between the server's render and the stream's
/// start, or during a break, was never announced, so the screen fetches it then (after a tick a
/// screen knows its stream is up). Never ticks during server rendering. The stream closes when
/// the component goes away.
pub fn use_live(topic: String) -> ReadSignal<u64> {
    use_live_topics(vec![topic])
}

/// `use_live` for several topics on one stream: a screen that shows many journals (the class
/// summary) listens to all of them through one connection.
pub fn use_live_topics(topics: Vec<String>) -> ReadSignal<u64> {
    let (tick, set_tick) = signal(0u64);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let connection = browser::Connection::open(&topics, set_tick);
        // Owned by this effect: dropped (and the stream closed) with the component.
        StoredValue::new_local(connection);
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (topics, set_tick);
    tick
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use leptos::wasm_bindgen::prelude::Closure;
    use leptos::wasm_bindgen::JsCast;

    pub struct Connection {
        source: Option<web_sys::EventSource>,
        _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
        _on_open: Closure<dyn FnMut(web_sys::Event)>,
    }

    impl Connection {
        pub fn open(topics: &[String], set_tick: WriteSignal<u64>) -> Connection {
            let query: Vec<String> =
                topics.iter().map(|t| format!("topic={}", String::from(web_sys::js_sys::encode_uri_component(t)))).collect();
            let url = format!("/live?{}", query.join("&"));
            let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| {
                set_tick.try_update(|n| *n += 1);
            });
            // Events before an `open` (the first, or a reconnect after a break) were missed.
            let on_open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                set_tick.try_update(|n| *n += 1);
            });
            let source = web_sys::EventSource::new(&url).ok();
            if let Some(source) = &source {
                source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
            }
            Connection { source, _on_message: on_message, _on_open: on_open }
        }
    }

    impl Drop for Connection {
        fn drop(&mut self) {
            if let Some(source) = self.source.take() {
                source.set_onmessage(None);
                source.set_onopen(None);
                source.close();
            }
        }
    }
}
