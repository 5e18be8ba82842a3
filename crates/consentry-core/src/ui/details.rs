//! What the preferences dialog says when its details (the dialog data, see
//! [`crate::dialog`]) could not be loaded: only a browser build can lack
//! them. Kept apart from [`Key`](super::Key) so that native builds, which
//! never show it, hash the same texts for receipts.

/// "The details could not be loaded…" in each built-in language.
const TEXT: [(&str, &str); 15] = [
    ("en", "The details of the services could not be loaded. You can still accept all, reject all or choose by category."),
    ("de", "Die Details der Dienste konnten nicht geladen werden. Sie können trotzdem alle akzeptieren, alle ablehnen oder nach Kategorie wählen."),
    ("fr", "Le détail des services n’a pas pu être chargé. Vous pouvez tout de même tout accepter, tout refuser ou choisir par catégorie."),
    ("es", "No se han podido cargar los detalles de los servicios. Aun así puede aceptar todo, rechazar todo o elegir por categoría."),
    ("it", "Non è stato possibile caricare i dettagli dei servizi. Può comunque accettare tutto, rifiutare tutto o scegliere per categoria."),
    ("nl", "De details van de diensten konden niet worden geladen. U kunt nog steeds alles accepteren, alles weigeren of per categorie kiezen."),
    ("pt", "Não foi possível carregar os detalhes dos serviços. Ainda pode aceitar tudo, rejeitar tudo ou escolher por categoria."),
    ("pl", "Nie udało się wczytać szczegółów usług. Nadal możesz zaakceptować wszystko, odrzucić wszystko lub wybrać według kategorii."),
    ("sv", "Tjänsternas detaljer kunde inte laddas. Du kan fortfarande godkänna alla, avvisa alla eller välja per kategori."),
    ("da", "Tjenesternes detaljer kunne ikke indlæses. Du kan stadig acceptere alle, afvise alle eller vælge efter kategori."),
    ("fi", "Palvelujen tietoja ei voitu ladata. Voit silti hyväksyä kaikki, hylätä kaikki tai valita luokittain."),
    ("cs", "Podrobnosti o službách se nepodařilo načíst. Přesto můžete vše přijmout, vše odmítnout nebo vybrat podle kategorie."),
    ("ja", "サービスの詳細を読み込めませんでした。すべて許可、すべて拒否、またはカテゴリごとの選択は引き続き可能です。"),
    ("zh", "无法加载服务的详细信息。您仍然可以全部接受、全部拒绝或按类别选择。"),
    ("ar", "تعذّر تحميل تفاصيل الخدمات. لا يزال بإمكانك قبول الكل أو رفض الكل أو الاختيار حسب الفئة."),
];

/// The sentence in the base language of `lang`, else English.
pub fn unavailable(lang: &str) -> &'static str {
    let base = lang.split('-').next().unwrap_or(lang);
    TEXT.iter()
        .find(|(l, _)| *l == base)
        .or(TEXT.first())
        .map_or("", |(_, t)| t)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_built_in_language_has_the_sentence() {
        for l in super::super::texts::languages() {
            assert!(
                super::TEXT.iter().any(|(c, t)| *c == l && !t.is_empty()),
                "{l}"
            );
        }
        assert!(super::unavailable("de-AT").starts_with("Die Details"));
        assert!(super::unavailable("xx").starts_with("The details"));
    }
}
