//! The preferences dialog's data on demand (consentry-core's `dialog`): the
//! browser build leaves the catalog's providers, purposes, links and cookie
//! lifetimes and the dialog texts of every language out of the wasm;
//! `pkg/src/ui.js` fetches `consentry-dialog.json` (with its SRI hash) when
//! the dialog is about to open and hands the text here. No decision depends
//! on it.

use crate::decision::Engine;
use crate::error::Error;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Engine {
    /// Whether the dialog's details are still missing: `true` in the browser
    /// build until `loadDialogData` succeeds (then the dialog and receipts
    /// are complete), `false` in a build with them built in.
    #[wasm_bindgen(getter, js_name = dialogDataNeeded)]
    pub fn dialog_data_needed(&self) -> bool {
        consentry_core::dialog::needed() || !self.completed
    }

    /// Checks and installs the dialog data (the text of
    /// `consentry-dialog.json`), completing this engine's policy with it.
    /// Throws an `Error` (nothing installed, the dialog says its details
    /// could not be loaded) for data that is malformed, hostile or made for
    /// another build.
    #[wasm_bindgen(js_name = loadDialogData)]
    pub fn load_dialog_data(&mut self, text: &str) -> Result<(), JsValue> {
        consentry_core::dialog::install(text).map_err(Error::from)?;
        self.complete_dialog_data();
        Ok(())
    }
}
