//! Every message of the interface, Russian first. Wording from the source documents where they
//! name a button or a message («Войти», «Выход», «Забыли логин или пароль?»).

use super::Lang;
use serde::{Deserialize, Serialize};

macro_rules! catalogue {
    ($($key:ident => $ru:literal, $en:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Msg { $($key),* }

        impl Msg {
            pub fn text(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::Ru => match self { $(Msg::$key => $ru),* },
                    Lang::En => match self { $(Msg::$key => $en),* },
                }
            }

            /// Every message, for the catalogue's own completeness tests.
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];
        }
    };
}

catalogue! {
    AppName => "Парта", "Parta";
    AppTagline => "Электронный дневник и журнал", "School diary and journal";
    SkipToContent => "Перейти к содержанию", "Skip to content";
    LanguageSwitch => "English", "Русский";
    LanguageSwitchLabel => "Switch to English", "Переключить на русский";

    // Sign-in
    SignInTitle => "Вход в Парту", "Sign in to Parta";
    SignInLead => "Войдите с логином и паролем, которые выдали в школе.", "Sign in with the login and password your school gave you.";
    LoginLabel => "Логин", "Login";
    PasswordLabel => "Пароль", "Password";
    SignInButton => "Войти", "Sign in";
    SigningIn => "Входим…", "Signing in…";
    ForgotLink => "Забыли логин или пароль?", "Forgot your login or password?";
    ForgotSoon => "Восстановление доступа появится в ближайшем обновлении. Пока обратитесь к администратору школы или классному руководителю.", "Access recovery is coming in the next update. Until then, ask your school admin or class teacher.";
    GosuslugiSoon => "Вход через госуслуги появится в ближайшем обновлении.", "Sign-in through Gosuslugi is coming in the next update.";
    SignInEmptyLogin => "Введите логин.", "Enter your login.";
    SignInEmptyPassword => "Введите пароль.", "Enter your password.";
    SignInUnknownLogin => "Пользователь с таким логином не найден. Проверьте логин или обратитесь к администратору школы.", "No user with this login. Check the login or ask your school admin.";
    SignInWrongPassword => "Неверный пароль. Проверьте раскладку клавиатуры и клавишу Caps Lock.", "Wrong password. Check the keyboard layout and Caps Lock.";
    SignInBlocked => "Учётная запись заблокирована. Обратитесь к администратору школы.", "This account is blocked. Please contact your school admin.";
    SignInThrottled => "Слишком много неудачных попыток входа. Повторите через {0} с.", "Too many failed sign-in attempts. Try again in {0} s.";

    // Shell
    SignOut => "Выход", "Sign out";
    RoleSwitchLabel => "Роль", "Role";
    RoleSwitchButton => "Сменить", "Switch";
    MainNav => "Основное меню", "Main menu";
    RoleSchoolAdmin => "Администратор школы", "School admin";
    RoleTeacher => "Учитель", "Teacher";
    RolePupil => "Ученик", "Pupil";
    RoleParent => "Родитель", "Parent";
    RoleRegionOperator => "Оператор региона", "Region operator";

    // Start pages
    NavHome => "Главная", "Home";
    ComingNext => "Скоро здесь", "Coming next";
    AdminTitle => "Школа", "School";
    AdminComing => "Управление людьми и учётными записями, импорт классов, учебный год и конструктор расписания.", "People and accounts, class import, the school year and the timetable editor.";
    StatPupils => "Учеников", "Pupils";
    StatTeachers => "Учителей", "Teachers";
    StatParents => "Родителей", "Parents";
    StatClasses => "Классов", "Classes";
    StatSubjects => "Предметов", "Subjects";
    AcademicYear => "Учебный год", "School year";
    ReportingPeriods => "Отчётные периоды", "Reporting periods";
    PeriodQuarter => "{0} четверть", "Quarter {0}";
    PeriodTrimester => "{0} триместр", "Trimester {0}";
    PeriodHalfYear => "{0} полугодие", "Half-year {0}";
    PeriodYear => "Год", "Year";
    ClassesTitle => "Классы", "Classes";
    ClassCol => "Класс", "Class";
    ClassTeacherCol => "Классный руководитель", "Class teacher";
    PupilsCol => "Учеников", "Pupils";
    NotAssigned => "не назначен", "not assigned";
    TeacherTitle => "Мои классы и предметы", "My classes and subjects";
    TeacherComing => "Электронный журнал: оценки и посещаемость по урокам, средний балл, страница урока.", "The journal: marks and attendance per lesson, averages, the lesson page.";
    SubjectCol => "Предмет", "Subject";
    HoursCol => "Часов в неделю", "Lessons a week";
    MyHomeroom => "Классное руководство", "Class teacher of";
    NoAssignments => "Вам пока не назначены классы. Обратитесь к администратору школы.", "You have no classes yet. Please ask your school admin.";
    PupilTitle => "Мой дневник", "My diary";
    PupilComing => "Расписание на сегодня, домашние задания и новые оценки.", "Today's lessons, homework and new marks.";
    MyClass => "Мой класс", "My class";
    TeacherCol => "Учитель", "Teacher";
    ParentTitle => "Мои дети", "My children";
    ParentComing => "Оценки, пропуски, домашние задания и сообщения учителей по каждому ребёнку.", "Marks, absences, homework and teachers' messages for every child.";
    SchoolCol => "Школа", "School";
    LinkConfirmed => "связь подтверждена", "link confirmed";
    LinkPending => "ожидает подтверждения", "awaiting confirmation";
    NoChildren => "К вашей учётной записи пока не привязан ни один ребёнок.", "No child is linked to your account yet.";
    RegionTitle => "Регион", "Region";
    RegionComing => "Настройки входа через госуслуги и заявления на доступ к дневнику.", "Gosuslugi sign-in settings and diary access applications.";
    SchoolsTitle => "Школы региона", "Schools of the region";
    GosuslugiCol => "Вход через госуслуги", "Gosuslugi sign-in";
    Enabled => "включён", "enabled";
    Disabled => "выключен", "disabled";
    InnLabel => "ИНН", "INN";
    OkpoLabel => "ОКПО", "OKPO";
    Loading => "Загрузка…", "Loading…";

    // Errors
    ErrUnauthorized => "Войдите, чтобы продолжить.", "Please sign in to continue.";
    ErrForbidden => "У вас нет доступа к этой странице.", "You have no access to this page.";
    ErrNotFound => "Страница не найдена.", "Page not found.";
    ErrInternal => "Что-то пошло не так. Мы уже знаем об ошибке; попробуйте ещё раз через минуту.", "Something went wrong. We have logged it; please try again in a minute.";
    ErrTransport => "Нет связи с сервером. Проверьте подключение к интернету и повторите.", "No connection to the server. Check your connection and try again.";
    NotFoundTitle => "Страница не найдена", "Page not found";
    NotFoundLead => "Возможно, ссылка устарела или в адресе опечатка.", "The link may be outdated or mistyped.";
    ErrorTitle => "Ошибка", "Error";
    ErrForbiddenTitle => "Нет доступа", "No access";
    BackHome => "На главную", "Go to the start page";

    // Field validation
    SnilsFormat => "СНИЛС состоит из 11 цифр: XXX-XXX-XXX YY.", "SNILS has 11 digits: XXX-XXX-XXX YY.";
    SnilsChecksum => "Контрольное число СНИЛС не совпадает. Проверьте номер.", "The SNILS check number does not match. Please check the number.";
}
