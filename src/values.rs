//! The closed lists of the form: document types and profiles, how they are
//! written in the clean file, and the spellings that mean the same thing.

use crate::text::letters_key;

/// Document types the user-creation form accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TipoDocumento {
    /// Cédula de ciudadanía.
    Cc,
    /// Cédula de extranjería.
    Ce,
    /// Tarjeta de identidad.
    Ti,
}

impl TipoDocumento {
    pub const ALL: [TipoDocumento; 3] = [TipoDocumento::Cc, TipoDocumento::Ce, TipoDocumento::Ti];

    pub fn code(self) -> &'static str {
        match self {
            TipoDocumento::Cc => "CC",
            TipoDocumento::Ce => "CE",
            TipoDocumento::Ti => "TI",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            TipoDocumento::Cc => "cédula de ciudadanía",
            TipoDocumento::Ce => "cédula de extranjería",
            TipoDocumento::Ti => "tarjeta de identidad",
        }
    }

    /// Letters-only keys that mean this type.
    fn keys(self) -> &'static [&'static str] {
        match self {
            TipoDocumento::Cc => &[
                "CC",
                "CEDULA",
                "CEDULADECIUDADANIA",
                "CEDULACIUDADANIA",
                "CEDULADECIUDADANO",
                "CIUDADANIA",
            ],
            TipoDocumento::Ce => &[
                "CE",
                "CEDULADEEXTRANJERIA",
                "CEDULAEXTRANJERIA",
                "CEDULADEEXTRANJERO",
                "EXTRANJERIA",
            ],
            TipoDocumento::Ti => &["TI", "TARJETADEIDENTIDAD", "TARJETAIDENTIDAD"],
        }
    }

    /// The type a cell means, comparing letters only ("C.C.", "Cédula de ciudadanía").
    pub fn parse(text: &str) -> Option<TipoDocumento> {
        if let Some(t) = Self::from_code(text) {
            return Some(t);
        }
        let key = letters_key(text);
        Self::ALL
            .into_iter()
            .find(|t| t.keys().contains(&key.as_str()))
    }

    /// The canonical code, when `text` is already written exactly that way.
    pub fn from_code(text: &str) -> Option<TipoDocumento> {
        Self::ALL.into_iter().find(|t| t.code() == text)
    }
}

/// Other identity documents people put in the form, which it does not accept.
/// Used to explain the rejection precisely.
pub fn other_document_name(text: &str) -> Option<&'static str> {
    let key = letters_key(text);
    let table: &[(&[&str], &str)] = &[
        (&["PA", "PAS", "PASAPORTE", "PP"], "pasaporte"),
        (
            &["PEP", "PERMISOESPECIALDEPERMANENCIA"],
            "permiso especial de permanencia",
        ),
        (
            &["PPT", "PERMISOPORPROTECCIONTEMPORAL"],
            "permiso por protección temporal",
        ),
        (&["RC", "REGISTROCIVIL"], "registro civil"),
        (&["NIT"], "NIT"),
        (&["NUIP"], "NUIP"),
    ];
    table
        .iter()
        .find(|(keys, _)| keys.contains(&key.as_str()))
        .map(|(_, name)| *name)
}

/// The three SIGCE profiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Perfil {
    FuncionarioSecretaria,
    FuncionarioEstablecimiento,
    FuncionarioMen,
}

impl Perfil {
    pub const ALL: [Perfil; 3] = [
        Perfil::FuncionarioSecretaria,
        Perfil::FuncionarioEstablecimiento,
        Perfil::FuncionarioMen,
    ];

    /// How the clean file writes it.
    pub fn label(self) -> &'static str {
        match self {
            Perfil::FuncionarioSecretaria => "FUNCIONARIO SECRETARIA",
            Perfil::FuncionarioEstablecimiento => "FUNCIONARIO ESTABLECIMIENTO EDUCATIVO",
            Perfil::FuncionarioMen => "FUNCIONARIO MEN",
        }
    }

    /// Who has it, in words for the school that fills the form.
    pub fn who(self) -> &'static str {
        match self {
            Perfil::FuncionarioSecretaria => {
                "Quien trabaja en la secretaría de educación (departamental, distrital o municipal), no en un colegio."
            }
            Perfil::FuncionarioEstablecimiento => {
                "Quien trabaja en un colegio o institución educativa: rector, coordinador, docente, orientador, secretaria o auxiliar del colegio."
            }
            Perfil::FuncionarioMen => "Quien trabaja en el Ministerio de Educación Nacional.",
        }
    }

    /// What its CODIGO DANE cell holds, in words for the school.
    pub fn dane(self) -> &'static str {
        match self {
            Perfil::FuncionarioEstablecimiento => {
                "Obligatorio: los 12 dígitos del código DANE del establecimiento."
            }
            Perfil::FuncionarioSecretaria | Perfil::FuncionarioMen => "Vacío.",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Perfil::FuncionarioSecretaria => "FUNCIONARIOSECRETARIA",
            Perfil::FuncionarioEstablecimiento => "FUNCIONARIOESTABLECIMIENTOEDUCATIVO",
            Perfil::FuncionarioMen => "FUNCIONARIOMEN",
        }
    }

    /// Matches ignoring case, accents, punctuation and spaces; no other spelling.
    pub fn parse(text: &str) -> Option<Perfil> {
        if let Some(p) = Self::from_label(text) {
            return Some(p);
        }
        let key = letters_key(text);
        Self::ALL.into_iter().find(|p| p.key() == key)
    }

    pub fn from_label(text: &str) -> Option<Perfil> {
        Self::ALL.into_iter().find(|p| p.label() == text)
    }

    /// The allowed value a text names by its telling word («SECRETARIA»,
    /// «ESTABLECIMIENTO», «MINISTERIO»…) or is a near misspelling of; `None`
    /// when it is neither: a suggestion far from what was written would be
    /// a guess.
    pub fn closest(text: &str) -> Option<Perfil> {
        let key = letters_key(text);
        // The word that tells the profiles apart decides first; spelling distance
        // only when none of them is there.
        let by_word = [
            ("SECRETARIA", Perfil::FuncionarioSecretaria),
            ("ESTABLECIMIENTO", Perfil::FuncionarioEstablecimiento),
            ("EDUCATIVO", Perfil::FuncionarioEstablecimiento),
            ("COLEGIO", Perfil::FuncionarioEstablecimiento),
            ("MINISTERIO", Perfil::FuncionarioMen),
        ];
        if let Some((_, p)) = by_word.iter().find(|(w, _)| key.contains(w)) {
            return Some(*p);
        }
        Self::ALL
            .into_iter()
            .map(|p| (strsim::levenshtein(&key, p.key()), p))
            .min_by_key(|(d, _)| *d)
            .filter(|(d, _)| *d <= MAX_SPELLING_DISTANCE)
            .map(|(_, p)| p)
    }
}

/// Letters apart a misspelled profile may be from the right one.
const MAX_SPELLING_DISTANCE: usize = 3;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_type_spellings() {
        assert_eq!(TipoDocumento::parse("C.C."), Some(TipoDocumento::Cc));
        assert_eq!(
            TipoDocumento::parse("Cédula de ciudadanía"),
            Some(TipoDocumento::Cc)
        );
        assert_eq!(TipoDocumento::parse("CEDULA"), Some(TipoDocumento::Cc));
        assert_eq!(TipoDocumento::parse("c.e"), Some(TipoDocumento::Ce));
        assert_eq!(
            TipoDocumento::parse("Tarjeta de Identidad"),
            Some(TipoDocumento::Ti)
        );
        assert_eq!(TipoDocumento::parse("PASAPORTE"), None);
        assert_eq!(other_document_name("Pasaporte"), Some("pasaporte"));
        assert_eq!(other_document_name("XX"), None);
    }

    #[test]
    fn profile_keys_are_the_labels_letters() {
        for p in Perfil::ALL {
            assert_eq!(p.key(), letters_key(p.label()));
        }
    }

    #[test]
    fn profile_spellings() {
        assert_eq!(
            Perfil::parse("FUNCIONARIOSECRETARIA"),
            Some(Perfil::FuncionarioSecretaria)
        );
        assert_eq!(
            Perfil::parse("funcionario establecimiento educativo"),
            Some(Perfil::FuncionarioEstablecimiento)
        );
        assert_eq!(
            Perfil::parse("Funcionario  M.E.N."),
            Some(Perfil::FuncionarioMen)
        );
        assert_eq!(Perfil::parse("FUNCIONARIO DE ESTABLECIMIENTO"), None);
        assert_eq!(
            Perfil::closest("FUNCIONARIO DE ESTABLECIMIENTO"),
            Some(Perfil::FuncionarioEstablecimiento)
        );
        assert_eq!(
            Perfil::closest("secretaria"),
            Some(Perfil::FuncionarioSecretaria)
        );
        assert_eq!(
            Perfil::closest("FUNCIONARIO MEM"),
            Some(Perfil::FuncionarioMen)
        );
        assert_eq!(Perfil::closest("DOCENTE"), None);
    }
}
