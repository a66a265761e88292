"""Words an edition prints around the text (contents, colophon, review), and Babel formatting.

The labels are few and fixed, so they live here as data rather than in the UI's
catalogs: English and Ukrainian at least, and the other default languages.  A
language without its own labels gets the English ones; a language without a
CLDR locale (``crh``) is formatted with English conventions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

SOURCE_LANGUAGE = "en"
"""Language of the source documents (the report is written in English)."""

_EN = {
    "contents": "Contents",
    "translated_from": "Translated from English",
    "colophon": "About this edition",
    "translators": "Translation",
    "editors": "Editing",
    "nobody": "—",
    "unnamed": "and {count} more who preferred not to be named",
    "approved": "Approved by editors",
    "in_translation": "Published in translation",
    "in_source": "Shown in the original language",
    "in_source_note": "Sentences not yet translated and approved appear in the original "
    "language, marked with a dotted underline.",
    "machine": "Machine translation",
    "machine_none": "No machine translation was used.",
    "engine_online": "{name} (online service)",
    "engine_self-hosted": "{name} (self-hosted)",
    "engine_unknown": "machine translation ({name})",
    "nothing_translated": "No sentence is translated yet: the edition shows the original text.",
    "all_machine": "This edition is an unedited machine translation (engines: {engines}); nobody "
    "has reviewed it.",
    "part_machine": "{share} of the sentences are unedited machine translation (engines: "
    "{engines}); nobody has reviewed them.",
    "all_human_approved": "This edition was translated and approved by people.",
    "all_human": "People translated or edited every sentence.",
    "part_human": "{share} of the sentences were translated or edited by people.",
    "approved_none": "No sentence has been approved by an editor yet.",
    "approved_all": "Editors approved every sentence.",
    "approved_part": "Editors have approved {share} of the sentences.",
    "machine_confirmed": "Machine drafts (engines: {engines}) went in only where a person "
    "confirmed or rewrote them.",
    "note": "About this edition",
    "checksum": "SHA-256 of the source text",
    "memory": "translation memory",
    "machine_unedited": "Unedited machine drafts in this edition",
    "source": "Source",
    "revision": "revision {revision}",
    "built": "Built",
    "image_left_out": "The cover photograph is not included in the printed edition.",
    "untranslated": "Not yet translated",
    "other_editions": "Other editions",
    "original": "original",
    "partial": "Partial translation: {translated} translated, {approved} approved",
    "review": "Review copy",
    "review_note": "Source and translation side by side, one row per sentence, with the "
    "state of each translation and the problems the checks found.",
    "source_text": "Source",
    "translation": "Translation",
    "state": "State",
    "empty": "empty",
    "draft": "draft",
    "translated": "translated",
    "approved_state": "approved",
    "in_edition": "in the edition",
    "falls_back": "source shown",
    "blocked": "blocked",
}

_LABELS: dict[str, dict[str, str]] = {
    "en": _EN,
    "uk": {
        "contents": "Зміст",
        "translated_from": "Переклад з англійської",
        "colophon": "Про це видання",
        "translators": "Переклад",
        "editors": "Редагування",
        "nobody": "—",
        "unnamed": "та ще {count}, хто побажав залишитися неназваним",
        "approved": "Схвалено редакторами",
        "in_translation": "Опубліковано в перекладі",
        "in_source": "Подано мовою оригіналу",
        "in_source_note": "Речення, які ще не перекладено й не схвалено, подано мовою "
        "оригіналу й позначено пунктирним підкресленням.",
        "machine": "Машинний переклад",
        "machine_none": "Машинний переклад не використовувався.",
        "engine_online": "{name} (онлайн-сервіс)",
        "engine_self-hosted": "{name} (на власному сервері)",
        "engine_unknown": "машинний переклад ({name})",
        "nothing_translated": "Жодного речення ще не перекладено: у виданні подано оригінальний "
        "текст.",
        "all_machine": "Це видання — невідредагований машинний переклад (системи: {engines}); "
        "ніхто його не перевіряв.",
        "part_machine": "{share} речень — невідредагований машинний переклад (системи: "
        "{engines}); ніхто їх не перевіряв.",
        "all_human_approved": "Це видання переклали й схвалили люди.",
        "all_human": "Кожне речення переклали або відредагували люди.",
        "part_human": "{share} речень переклали або відредагували люди.",
        "approved_none": "Жодного речення ще не схвалив редактор.",
        "approved_all": "Редактори схвалили кожне речення.",
        "approved_part": "Редактори схвалили {share} речень.",
        "machine_confirmed": "Машинні чернетки (системи: {engines}) увійшли лише там, де людина їх "
        "підтвердила або переписала.",
        "note": "Про це видання",
        "checksum": "SHA-256 оригінального тексту",
        "memory": "пам’ять перекладів",
        "machine_unedited": "Невідредаговані машинні чернетки в цьому виданні",
        "source": "Оригінал",
        "revision": "редакція {revision}",
        "built": "Зібрано",
        "image_left_out": "Фотографію з обкладинки до друкованого видання не включено.",
        "untranslated": "Ще не перекладено",
        "other_editions": "Інші видання",
        "original": "оригінал",
        "partial": "Частковий переклад: перекладено {translated}, схвалено {approved}",
        "review": "Примірник для вичитки",
        "review_note": "Оригінал і переклад поруч, по рядку на речення, зі станом кожного "
        "перекладу та проблемами, які знайшли перевірки.",
        "source_text": "Оригінал",
        "translation": "Переклад",
        "state": "Стан",
        "empty": "порожньо",
        "draft": "чернетка",
        "translated": "перекладено",
        "approved_state": "схвалено",
        "in_edition": "у виданні",
        "falls_back": "подано оригінал",
        "blocked": "заблоковано",
    },
    "de": {
        "contents": "Inhalt",
        "translated_from": "Aus dem Englischen übersetzt",
        "colophon": "Über diese Ausgabe",
        "translators": "Übersetzung",
        "editors": "Lektorat",
        "nobody": "—",
        "unnamed": "und {count} weitere, die nicht genannt werden möchten",
        "approved": "Vom Lektorat freigegeben",
        "in_translation": "In Übersetzung veröffentlicht",
        "in_source": "In der Originalsprache",
        "in_source_note": "Noch nicht übersetzte und freigegebene Sätze stehen in der "
        "Originalsprache und sind gepunktet unterstrichen.",
        "machine": "Maschinelle Übersetzung",
        "machine_none": "Es wurde keine maschinelle Übersetzung verwendet.",
        "engine_online": "{name} (Onlinedienst)",
        "engine_self-hosted": "{name} (eigener Server)",
        "engine_unknown": "maschinelle Übersetzung ({name})",
        "nothing_translated": "Noch kein Satz ist übersetzt: Die Ausgabe zeigt den Originaltext.",
        "all_machine": "Diese Ausgabe ist eine unbearbeitete maschinelle Übersetzung (Systeme: "
        "{engines}); niemand hat sie geprüft.",
        "part_machine": "{share} der Sätze sind unbearbeitete maschinelle Übersetzung "
        "(Systeme: {engines}); niemand hat sie geprüft.",
        "all_human_approved": "Diese Ausgabe wurde von Menschen übersetzt und freigegeben.",
        "all_human": "Jeden Satz haben Menschen übersetzt oder bearbeitet.",
        "part_human": "{share} der Sätze haben Menschen übersetzt oder bearbeitet.",
        "approved_none": "Noch kein Satz wurde vom Lektorat freigegeben.",
        "approved_all": "Das Lektorat hat jeden Satz freigegeben.",
        "approved_part": "Das Lektorat hat {share} der Sätze freigegeben.",
        "machine_confirmed": "Maschinelle Entwürfe (Systeme: {engines}) stehen nur dort, wo ein "
        "Mensch sie bestätigt oder neu geschrieben hat.",
        "note": "Über diese Ausgabe",
        "checksum": "SHA-256 des Originaltexts",
        "memory": "Translation Memory",
        "machine_unedited": "Unbearbeitete maschinelle Entwürfe in dieser Ausgabe",
        "source": "Quelle",
        "revision": "Revision {revision}",
        "built": "Erstellt",
        "image_left_out": "Das Titelfoto ist in der Druckausgabe nicht enthalten.",
        "untranslated": "Noch nicht übersetzt",
        "other_editions": "Weitere Ausgaben",
        "original": "Original",
        "partial": "Teilübersetzung: {translated} übersetzt, {approved} freigegeben",
        "review": "Korrekturexemplar",
        "review_note": "Quelle und Übersetzung nebeneinander, eine Zeile je Satz, mit dem "
        "Stand jeder Übersetzung und den Problemen, die die Prüfungen fanden.",
        "source_text": "Quelle",
        "translation": "Übersetzung",
        "state": "Stand",
        "empty": "leer",
        "draft": "Entwurf",
        "translated": "übersetzt",
        "approved_state": "freigegeben",
        "in_edition": "in der Ausgabe",
        "falls_back": "Quelle gezeigt",
        "blocked": "gesperrt",
    },
    "fr": {
        "contents": "Sommaire",
        "translated_from": "Traduit de l’anglais",
        "colophon": "À propos de cette édition",
        "translators": "Traduction",
        "editors": "Relecture",
        "nobody": "—",
        "unnamed": "et {count} autres personnes qui ont préféré ne pas être nommées",
        "approved": "Validé par la relecture",
        "in_translation": "Publié en traduction",
        "in_source": "Dans la langue originale",
        "in_source_note": "Les phrases pas encore traduites et validées paraissent dans la "
        "langue originale, soulignées en pointillé.",
        "machine": "Traduction automatique",
        "machine_none": "Aucune traduction automatique n’a été utilisée.",
        "engine_online": "{name} (service en ligne)",
        "engine_self-hosted": "{name} (serveur propre)",
        "engine_unknown": "traduction automatique ({name})",
        "nothing_translated": "Aucune phrase n’est encore traduite : l’édition montre le texte "
        "original.",
        "all_machine": "Cette édition est une traduction automatique non relue (moteurs : "
        "{engines}) ; personne ne l’a vérifiée.",
        "part_machine": "{share} des phrases sont une traduction automatique non relue "
        "(moteurs : {engines}) ; personne ne les a vérifiées.",
        "all_human_approved": "Cette édition a été traduite et validée par des personnes.",
        "all_human": "Chaque phrase a été traduite ou relue par des personnes.",
        "part_human": "{share} des phrases ont été traduites ou relues par des personnes.",
        "approved_none": "Aucune phrase n’a encore été validée par la relecture.",
        "approved_all": "La relecture a validé chaque phrase.",
        "approved_part": "La relecture a validé {share} des phrases.",
        "machine_confirmed": "Les brouillons automatiques (moteurs : {engines}) ne figurent que "
        "là où une personne les a confirmés ou réécrits.",
        "note": "À propos de cette édition",
        "checksum": "SHA-256 du texte original",
        "memory": "mémoire de traduction",
        "machine_unedited": "Brouillons automatiques non relus dans cette édition",
        "source": "Source",
        "revision": "révision {revision}",
        "built": "Généré le",
        "image_left_out": "La photographie de couverture ne figure pas dans l’édition imprimée.",
        "untranslated": "Pas encore traduit",
        "other_editions": "Autres éditions",
        "original": "original",
        "partial": "Traduction partielle : {translated} traduit, {approved} validé",
        "review": "Exemplaire de relecture",
        "review_note": "Source et traduction côte à côte, une ligne par phrase, avec l’état "
        "de chaque traduction et les problèmes relevés par les contrôles.",
        "source_text": "Source",
        "translation": "Traduction",
        "state": "État",
        "empty": "vide",
        "draft": "brouillon",
        "translated": "traduit",
        "approved_state": "validé",
        "in_edition": "dans l’édition",
        "falls_back": "source affichée",
        "blocked": "bloqué",
    },
    "pl": {
        "contents": "Spis treści",
        "translated_from": "Przełożono z języka angielskiego",
        "colophon": "O tym wydaniu",
        "translators": "Przekład",
        "editors": "Redakcja",
        "nobody": "—",
        "unnamed": "oraz inne osoby ({count}), które nie chciały być wymienione",
        "approved": "Zatwierdzone przez redakcję",
        "in_translation": "Opublikowane w przekładzie",
        "in_source": "W języku oryginału",
        "in_source_note": "Zdania jeszcze nieprzełożone i niezatwierdzone podano w języku "
        "oryginału i podkreślono kropkami.",
        "machine": "Tłumaczenie maszynowe",
        "machine_none": "Nie użyto tłumaczenia maszynowego.",
        "engine_online": "{name} (usługa online)",
        "engine_self-hosted": "{name} (własny serwer)",
        "engine_unknown": "tłumaczenie maszynowe ({name})",
        "nothing_translated": "Żadne zdanie nie jest jeszcze przełożone: wydanie pokazuje tekst "
        "oryginału.",
        "all_machine": "To wydanie jest nieprzejrzanym tłumaczeniem maszynowym (systemy: "
        "{engines}); nikt go nie sprawdził.",
        "part_machine": "{share} zdań to nieprzejrzane tłumaczenie maszynowe (systemy: "
        "{engines}); nikt ich nie sprawdził.",
        "all_human_approved": "To wydanie przełożyli i zatwierdzili ludzie.",
        "all_human": "Każde zdanie przełożyli lub zredagowali ludzie.",
        "part_human": "{share} zdań przełożyli lub zredagowali ludzie.",
        "approved_none": "Żadne zdanie nie zostało jeszcze zatwierdzone przez redakcję.",
        "approved_all": "Redakcja zatwierdziła każde zdanie.",
        "approved_part": "Redakcja zatwierdziła {share} zdań.",
        "machine_confirmed": "Wersje maszynowe (systemy: {engines}) weszły tylko tam, gdzie "
        "człowiek je potwierdził lub przepisał.",
        "note": "O tym wydaniu",
        "checksum": "SHA-256 tekstu oryginału",
        "memory": "pamięć tłumaczeniowa",
        "machine_unedited": "Nieprzejrzane wersje maszynowe w tym wydaniu",
        "source": "Źródło",
        "revision": "wersja {revision}",
        "built": "Zbudowano",
        "image_left_out": "Zdjęcia z okładki nie zamieszczono w wydaniu drukowanym.",
        "untranslated": "Jeszcze nieprzetłumaczone",
        "other_editions": "Inne wydania",
        "original": "oryginał",
        "partial": "Przekład częściowy: przełożono {translated}, zatwierdzono {approved}",
        "review": "Egzemplarz do korekty",
        "review_note": "Oryginał i przekład obok siebie, po jednym wierszu na zdanie, ze "
        "stanem każdego przekładu i problemami znalezionymi przez kontrole.",
        "source_text": "Oryginał",
        "translation": "Przekład",
        "state": "Stan",
        "empty": "puste",
        "draft": "wersja robocza",
        "translated": "przetłumaczone",
        "approved_state": "zatwierdzone",
        "in_edition": "w wydaniu",
        "falls_back": "pokazano oryginał",
        "blocked": "zablokowane",
    },
    "es": {
        "contents": "Índice",
        "translated_from": "Traducido del inglés",
        "colophon": "Sobre esta edición",
        "translators": "Traducción",
        "editors": "Revisión",
        "nobody": "—",
        "unnamed": "y {count} personas más que prefirieron no ser nombradas",
        "approved": "Aprobado por la revisión",
        "in_translation": "Publicado en traducción",
        "in_source": "En el idioma original",
        "in_source_note": "Las oraciones aún sin traducir ni aprobar aparecen en el idioma "
        "original, subrayadas con puntos.",
        "machine": "Traducción automática",
        "machine_none": "No se usó traducción automática.",
        "engine_online": "{name} (servicio en línea)",
        "engine_self-hosted": "{name} (servidor propio)",
        "engine_unknown": "traducción automática ({name})",
        "nothing_translated": "Aún no hay ninguna oración traducida: la edición muestra el texto "
        "original.",
        "all_machine": "Esta edición es una traducción automática sin revisar (motores: "
        "{engines}); nadie la ha revisado.",
        "part_machine": "El {share} de las oraciones son traducción automática sin revisar "
        "(motores: {engines}); nadie las ha revisado.",
        "all_human_approved": "Esta edición la tradujeron y aprobaron personas.",
        "all_human": "Personas tradujeron o revisaron cada oración.",
        "part_human": "Personas tradujeron o revisaron el {share} de las oraciones.",
        "approved_none": "Ninguna oración ha sido aprobada aún por la revisión.",
        "approved_all": "La revisión aprobó cada oración.",
        "approved_part": "La revisión ha aprobado el {share} de las oraciones.",
        "machine_confirmed": "Los borradores automáticos (motores: {engines}) solo entraron donde "
        "una persona los confirmó o reescribió.",
        "note": "Sobre esta edición",
        "checksum": "SHA-256 del texto original",
        "memory": "memoria de traducción",
        "machine_unedited": "Borradores automáticos sin revisar en esta edición",
        "source": "Fuente",
        "revision": "revisión {revision}",
        "built": "Generado",
        "image_left_out": "La fotografía de portada no se incluye en la edición impresa.",
        "untranslated": "Aún sin traducir",
        "other_editions": "Otras ediciones",
        "original": "original",
        "partial": "Traducción parcial: {translated} traducido, {approved} aprobado",
        "review": "Copia de revisión",
        "review_note": "Fuente y traducción lado a lado, una fila por oración, con el estado "
        "de cada traducción y los problemas que encontraron las comprobaciones.",
        "source_text": "Fuente",
        "translation": "Traducción",
        "state": "Estado",
        "empty": "vacía",
        "draft": "borrador",
        "translated": "traducida",
        "approved_state": "aprobada",
        "in_edition": "en la edición",
        "falls_back": "se muestra la fuente",
        "blocked": "bloqueada",
    },
    "ar": {
        "contents": "المحتويات",
        "translated_from": "مترجم عن الإنجليزية",
        "colophon": "عن هذه الطبعة",
        "translators": "الترجمة",
        "editors": "التحرير",
        "nobody": "—",
        "unnamed": "و{count} آخرون فضّلوا عدم ذكر أسمائهم",
        "approved": "اعتمده المحررون",
        "in_translation": "منشور مترجمًا",
        "in_source": "باللغة الأصلية",
        "in_source_note": "تظهر الجمل التي لم تُترجم وتُعتمد بعد باللغة الأصلية، وتحتها خط منقّط.",
        "machine": "الترجمة الآلية",
        "machine_none": "لم تُستخدم الترجمة الآلية.",
        "engine_online": "{name} (خدمة على الإنترنت)",
        "engine_self-hosted": "{name} (خادم خاص)",
        "engine_unknown": "ترجمة آلية ({name})",
        "nothing_translated": "لم تُترجم أي جملة بعد: تعرض الطبعة النص الأصلي.",
        "all_machine": "هذه الطبعة ترجمة آلية غير محرَّرة (المحركات: {engines})؛ لم يراجعها أحد.",
        "part_machine": "{share} من الجمل ترجمة آلية غير محرَّرة (المحركات: {engines})؛ لم "
        "يراجعها أحد.",
        "all_human_approved": "ترجم هذه الطبعةَ أشخاصٌ واعتمدوها.",
        "all_human": "ترجم أشخاصٌ كل جملة أو حرّروها.",
        "part_human": "ترجم أشخاصٌ {share} من الجمل أو حرّروها.",
        "approved_none": "لم يعتمد المحررون أي جملة بعد.",
        "approved_all": "اعتمد المحررون كل جملة.",
        "approved_part": "اعتمد المحررون {share} من الجمل.",
        "machine_confirmed": "لم تدخل المسودات الآلية (المحركات: {engines}) إلا حيث أكّدها شخص أو "
        "أعاد كتابتها.",
        "note": "عن هذه الطبعة",
        "checksum": "SHA-256 للنص الأصلي",
        "memory": "ذاكرة الترجمة",
        "machine_unedited": "مسودات آلية غير محرَّرة في هذه الطبعة",
        "source": "المصدر",
        "revision": "المراجعة {revision}",
        "built": "تاريخ الإعداد",
        "image_left_out": "لم تُدرج صورة الغلاف في الطبعة المطبوعة.",
        "untranslated": "لم يُترجم بعد",
        "other_editions": "طبعات أخرى",
        "original": "الأصل",
        "partial": "ترجمة جزئية: {translated} مترجم، {approved} معتمد",
        "review": "نسخة المراجعة",
        "review_note": "النص الأصلي والترجمة جنبًا إلى جنب، سطر لكل جملة، مع حالة كل ترجمة "
        "والمشكلات التي وجدتها الفحوص.",
        "source_text": "الأصل",
        "translation": "الترجمة",
        "state": "الحالة",
        "empty": "فارغة",
        "draft": "مسودة",
        "translated": "مترجمة",
        "approved_state": "معتمدة",
        "in_edition": "في الطبعة",
        "falls_back": "يُعرض الأصل",
        "blocked": "محظورة",
    },
    "ja": {
        "contents": "目次",
        "translated_from": "英語からの翻訳",
        "colophon": "この版について",
        "translators": "翻訳",
        "editors": "編集",
        "nobody": "—",
        "unnamed": "ほか、名前の掲載を望まなかった{count}名",
        "approved": "編集者の承認済み",
        "in_translation": "翻訳で掲載",
        "in_source": "原文のまま掲載",
        "in_source_note": "まだ翻訳・承認されていない文は原文のまま掲載し、"
        "点線の下線で示しています。",
        "machine": "機械翻訳",
        "machine_none": "機械翻訳は使用していません。",
        "engine_online": "{name}（オンラインサービス）",
        "engine_self-hosted": "{name}（自前のサーバー）",
        "engine_unknown": "機械翻訳（{name}）",
        "nothing_translated": "まだ翻訳された文はありません。この版は原文を掲載しています。",
        "all_machine": "この版は未編集の機械翻訳です（エンジン：{engines}）。"
        "誰も確認していません。",
        "part_machine": "文の{share}は未編集の機械翻訳です（エンジン：{engines}）。"
        "誰も確認していません。",
        "all_human_approved": "この版は人が翻訳し、承認しました。",
        "all_human": "すべての文を人が翻訳または編集しました。",
        "part_human": "文の{share}を人が翻訳または編集しました。",
        "approved_none": "編集者が承認した文はまだありません。",
        "approved_all": "編集者がすべての文を承認しました。",
        "approved_part": "編集者が文の{share}を承認しました。",
        "machine_confirmed": "機械翻訳の下訳（エンジン：{engines}）は、人が確認または書き直した箇"
        "所にのみ使われています。",
        "note": "この版について",
        "checksum": "原文のSHA-256",
        "memory": "翻訳メモリ",
        "machine_unedited": "この版に含まれる未編集の機械翻訳",
        "source": "原文",
        "revision": "リビジョン{revision}",
        "built": "作成日",
        "image_left_out": "表紙写真は印刷版には含まれていません。",
        "untranslated": "未翻訳",
        "other_editions": "他の版",
        "original": "原文",
        "partial": "部分翻訳：翻訳済み{translated}、承認済み{approved}",
        "review": "校閲用",
        "review_note": "原文と訳文を1文1行で並べ、各訳文の状態とチェックで見つかった問題を示します"
        "。",
        "source_text": "原文",
        "translation": "訳文",
        "state": "状態",
        "empty": "空",
        "draft": "下書き",
        "translated": "翻訳済み",
        "approved_state": "承認済み",
        "in_edition": "掲載",
        "falls_back": "原文を表示",
        "blocked": "保留",
    },
    "zh": {
        "contents": "目录",
        "translated_from": "译自英语",
        "colophon": "关于本版",
        "translators": "翻译",
        "editors": "编辑",
        "nobody": "—",
        "unnamed": "以及另外 {count} 位不愿具名的人",
        "approved": "经编辑审定",
        "in_translation": "以译文发布",
        "in_source": "以原文呈现",
        "in_source_note": "尚未翻译和审定的句子以原文呈现，并以虚线下划线标出。",
        "machine": "机器翻译",
        "machine_none": "未使用机器翻译。",
        "engine_online": "{name}（在线服务）",
        "engine_self-hosted": "{name}（自有服务器）",
        "engine_unknown": "机器翻译（{name}）",
        "nothing_translated": "尚无任何句子译出：本版呈现的是原文。",
        "all_machine": "本版为未经编辑的机器翻译（引擎：{engines}），无人审阅。",
        "part_machine": "{share}的句子为未经编辑的机器翻译（引擎：{engines}），无人审阅。",
        "all_human_approved": "本版由人工翻译并审定。",
        "all_human": "每个句子都经人工翻译或编辑。",
        "part_human": "{share}的句子经人工翻译或编辑。",
        "approved_none": "尚无句子经编辑审定。",
        "approved_all": "编辑审定了每个句子。",
        "approved_part": "编辑已审定{share}的句子。",
        "machine_confirmed": "机器初稿（引擎：{engines}）仅在经人工确认或改写之处采用。",
        "note": "关于本版",
        "checksum": "原文的 SHA-256",
        "memory": "翻译记忆库",
        "machine_unedited": "本版中未经编辑的机器初稿",
        "source": "原文",
        "revision": "第 {revision} 版",
        "built": "生成于",
        "image_left_out": "印刷版未收录封面照片。",
        "untranslated": "尚未翻译",
        "other_editions": "其他版本",
        "original": "原文",
        "partial": "部分翻译：已译 {translated}，已审定 {approved}",
        "review": "审校稿",
        "review_note": "原文与译文并排，每句一行，并列出每条译文的状态和检查发现的问题。",
        "source_text": "原文",
        "translation": "译文",
        "state": "状态",
        "empty": "空",
        "draft": "草稿",
        "translated": "已翻译",
        "approved_state": "已审定",
        "in_edition": "收入本版",
        "falls_back": "显示原文",
        "blocked": "已阻止",
    },
    "ko": {
        "contents": "목차",
        "translated_from": "영어에서 번역",
        "colophon": "이 판에 대하여",
        "translators": "번역",
        "editors": "편집",
        "nobody": "—",
        "unnamed": "외 이름 밝히기를 원하지 않은 {count}명",
        "approved": "편집자 승인",
        "in_translation": "번역으로 게재",
        "in_source": "원문으로 게재",
        "in_source_note": "아직 번역·승인되지 않은 문장은 원문으로 싣고 점선 밑줄로 표시했습니다.",
        "machine": "기계 번역",
        "machine_none": "기계 번역을 사용하지 않았습니다.",
        "engine_online": "{name}(온라인 서비스)",
        "engine_self-hosted": "{name}(자체 서버)",
        "engine_unknown": "기계 번역({name})",
        "nothing_translated": "아직 번역된 문장이 없습니다. 이 판은 원문을 싣고 있습니다.",
        "all_machine": "이 판은 편집되지 않은 기계 번역입니다(엔진: {engines}). 아무도 검토하지 "
        "않았습니다.",
        "part_machine": "문장의 {share}는 편집되지 않은 기계 번역입니다(엔진: {engines}). 아무도 "
        "검토하지 않았습니다.",
        "all_human_approved": "이 판은 사람이 번역하고 승인했습니다.",
        "all_human": "모든 문장을 사람이 번역하거나 편집했습니다.",
        "part_human": "문장의 {share}를 사람이 번역하거나 편집했습니다.",
        "approved_none": "아직 편집자가 승인한 문장이 없습니다.",
        "approved_all": "편집자가 모든 문장을 승인했습니다.",
        "approved_part": "편집자가 문장의 {share}를 승인했습니다.",
        "machine_confirmed": "기계 번역 초안(엔진: {engines})은 사람이 확인하거나 고쳐 쓴 곳에만 "
        "쓰였습니다.",
        "note": "이 판에 대하여",
        "checksum": "원문의 SHA-256",
        "memory": "번역 메모리",
        "machine_unedited": "이 판에 실린 편집되지 않은 기계 번역 초안",
        "source": "원문",
        "revision": "개정 {revision}",
        "built": "생성일",
        "image_left_out": "표지 사진은 인쇄판에 포함되지 않았습니다.",
        "untranslated": "아직 번역되지 않음",
        "other_editions": "다른 판",
        "original": "원문",
        "partial": "부분 번역: 번역 {translated}, 승인 {approved}",
        "review": "검토용 사본",
        "review_note": "원문과 번역문을 한 문장에 한 줄씩 나란히 놓고, 각 번역의 상태와 검사에서 "
        "찾은 문제를 보여 줍니다.",
        "source_text": "원문",
        "translation": "번역문",
        "state": "상태",
        "empty": "비어 있음",
        "draft": "초안",
        "translated": "번역됨",
        "approved_state": "승인됨",
        "in_edition": "판에 실림",
        "falls_back": "원문 표시",
        "blocked": "차단됨",
    },
}
"""Labels per language; missing keys fall back to English."""


@dataclass(frozen=True)
class EditionLocale:
    """How an edition in one language writes labels, dates and numbers."""

    code: str
    """The language's code in the store (``uk``, ``pt_BR``)."""
    tag: str
    """BCP 47 tag for ``lang`` and ``hreflang`` attributes (``pt-BR``)."""
    direction: str
    """``ltr`` or ``rtl``."""
    name: str
    """Name of the language in itself (``українська``)."""
    locale: Locale
    """Babel locale for dates and numbers (English when CLDR has none)."""
    labels: dict[str, str]
    """Every label, in this language where it has one, else in English."""

    def label(self, key: str, **values: object) -> str:
        """The label ``key`` with ``{placeholders}`` filled in."""
        return self.labels[key].format(**values) if values else self.labels[key]

    def date(self, value: date) -> str:
        """A long date (``18 червня 2024 р.``)."""
        return format_date(value, "long", locale=self.locale)

    def isolated(self, text: str) -> str:
        """``text`` as one bidi run of its own in a right-to-left edition (FSI … PDI).

        A date's day stays with its month, a Latin name next to it stays apart;
        the ``dir`` attribute isolates in browsers, these marks in print too
        (WeasyPrint has no ``unicode-bidi``).  Left-to-right editions: ``text``.
        """
        return f"\u2068{text}\u2069" if self.direction == "rtl" and text else text

    def percent(self, part: float, whole: float) -> str:
        """``part / whole`` as a percentage with one decimal (``87,5 %``); 0 for an empty whole."""
        share = part / whole if whole else 0.0
        pattern = self.locale.percent_formats[None].pattern  # the locale's, one decimal added
        at = pattern.rfind("0")
        with_decimal = pattern[: at + 1] + ".0" + pattern[at + 1 :]
        return format_percent(share, with_decimal, locale=self.locale)

    def number(self, value: int) -> str:
        """An integer with the locale's grouping (``1 234``)."""
        return format_decimal(value, locale=self.locale)

    def language_name(self, code: str) -> str:
        """The name of language ``code`` in this locale (``англійська``)."""
        try:
            other = Locale.parse(code.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            return code
        return other.get_display_name(self.locale) or code


@dataclass(frozen=True)
class Alternate:
    """Another edition of the same document, for ``hreflang`` links."""

    code: str
    """Language code in the store (``pt_BR``)."""
    tag: str
    """BCP 47 tag (``pt-BR``)."""
    name: str
    """Name of the language in itself."""
    href: str
    """Relative URL from one edition to the other (``../de/report.html``)."""
    original: bool = False
    """Whether it is the original (the source document), not a translation."""


def alternates(
    slug: str, locales: Sequence[EditionLocale], suffix: str = ".html"
) -> list[Alternate]:
    """Links to the editions of ``slug`` in ``locales`` (laid out as ``build/<lang>/``)."""
    return [
        Alternate(loc.code, loc.tag, loc.name, f"../{loc.code}/{slug}{suffix}") for loc in locales
    ]


@cache
def edition_locale(code: str, direction: str | None = None) -> EditionLocale:
    """The :class:`EditionLocale` of ``code`` (``direction`` from the store, else from CLDR)."""
    try:
        locale = Locale.parse(code.replace("-", "_"))
        own = True
    except (UnknownLocaleError, ValueError):
        locale, own = Locale.parse("en"), False
    labels = dict(_EN)
    labels.update(_LABELS.get(code, {}) or _LABELS.get(code.split("_", maxsplit=1)[0], {}))
    if direction is None:
        direction = "rtl" if own and locale.character_order == "right-to-left" else "ltr"
    name = (locale.get_display_name(locale) if own else None) or code
    return EditionLocale(
        code=code,
        tag=code.replace("_", "-"),
        direction=direction,
        name=name,
        locale=locale,
        labels=labels,
    )
