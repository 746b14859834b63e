//! «Исходящие сообщения»: what Parta sent, or keeps, on the school's behalf.

use super::api::outbox_messages;
use super::types::OutboxMessage;
use crate::i18n::{t, Msg};
use crate::ui::{await_view, table, PageTitle};
use leptos::prelude::*;

#[component]
pub fn OutboxPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| outbox_messages());
    await_view(data, |messages: Vec<OutboxMessage>| {
        let empty = messages.is_empty();
        let rows = messages
            .into_iter()
            .map(|m| {
                let status = match m.status.as_str() {
                    "sent" => Msg::StatusSent,
                    "failed" => Msg::StatusFailed,
                    "kept" => Msg::StatusKept,
                    _ => Msg::StatusPending,
                };
                let channel = if m.channel == "sms" { Msg::ChannelSms } else { Msg::ChannelEmail };
                let summary = if m.subject.is_empty() { m.body.chars().take(60).collect() } else { m.subject.clone() };
                view! {
                    <tr>
                        <td class="nowrap">{m.created}</td>
                        <td>{t(channel)}</td>
                        <td>{m.recipient}</td>
                        <td>
                            <details>
                                <summary>{summary}</summary>
                                <pre class="message-body">{m.body}</pre>
                            </details>
                        </td>
                        <td>
                            <span class=format!("badge badge-{}", m.status)>{t(status)}</span>
                            {m.last_error.map(|e| view! { <p class="hint">{e}</p> })}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <PageTitle text=t(Msg::OutboxTitle).to_string()/>
            <p class="subtitle">{t(Msg::OutboxLead)}</p>
            {if empty {
                view! { <p class="notice">{t(Msg::OutboxEmpty)}</p> }.into_any()
            } else {
                view! {
                    <section class="card">
                        {table(
                            &[(Msg::ColTime, false), (Msg::ColChannel, false), (Msg::ColRecipient, false), (Msg::ColMessage, false), (Msg::ColStatus, false)],
                            rows,
                        )}
                    </section>
                }.into_any()
            }}
        }
    })
}
