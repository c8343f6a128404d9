// Name tables for invented persons: Peruvian (Spanish, Quechua, Aymara, Amazonian) and Venezuelan
// names with rough relative frequencies, plus the nicknames and spelling variants registries show.
// The weights are shaped by common knowledge of which names are frequent (Quispe and Mamani lead
// in the southern Andes); they are not official counts. Every person built from them is invented.
import { Weighted } from './random.ts';

type Table = ReadonlyArray<readonly [string, number]>;

/** Spanish surnames frequent all over Peru (the coast, Lima and mixed regions). */
const PERU_GENERAL_SURNAMES: Table = [
  ['Quispe', 40], ['Flores', 36], ['Sánchez', 28], ['Rodríguez', 26], ['García', 26], ['Rojas', 25],
  ['Mamani', 20], ['Huamán', 20], ['Díaz', 18], ['Chávez', 18], ['Torres', 18], ['Ramírez', 17],
  ['Vásquez', 17], ['Castillo', 15], ['Mendoza', 15], ['Espinoza', 14], ['López', 14], ['Gonzales', 14],
  ['Pérez', 14], ['Ramos', 13], ['Vargas', 13], ['Gutiérrez', 12], ['Cruz', 12], ['Ruiz', 11],
  ['Salazar', 11], ['Romero', 11], ['Castro', 11], ['Condori', 10], ['Fernández', 10], ['Reyes', 10],
  ['Morales', 10], ['Herrera', 9], ['Medina', 9], ['Silva', 9], ['Ríos', 9], ['Aguilar', 9],
  ['Álvarez', 8], ['Jiménez', 8], ['Cárdenas', 8], ['Córdova', 8], ['Paredes', 8], ['Campos', 8],
  ['Vega', 7], ['Rivera', 7], ['Huaman', 6], ['Navarro', 6], ['Tello', 6], ['Ortiz', 6], ['Peña', 6],
  ['Muñoz', 6], ['Villanueva', 6], ['Valdivia', 5], ['Zapata', 5], ['Carrasco', 5], ['Palomino', 5],
  ['Alvarado', 5], ['Núñez', 5], ['Cabrera', 5], ['Ayala', 5], ['León', 5], ['Bautista', 5],
  ['Soto', 5], ['Inga', 4], ['Acosta', 4], ['Saavedra', 4], ['Benites', 4], ['Ponce', 4], ['Yupanqui', 3],
];

/** Southern Andes (Puno, Cusco, Arequipa, Tacna, Moquegua, Apurímac): Quechua and Aymara surnames. */
const PERU_ANDEAN_SURNAMES: Table = [
  ['Quispe', 60], ['Mamani', 50], ['Condori', 30], ['Huamán', 26], ['Apaza', 18], ['Ccori', 12],
  ['Huanca', 16], ['Ticona', 12], ['Chambi', 10], ['Cahuana', 10], ['Choque', 14], ['Coaquira', 8],
  ['Ccama', 8], ['Pari', 8], ['Huillca', 8], ['Puma', 7], ['Yupanqui', 7], ['Cusi', 6], ['Layme', 6],
  ['Ccahuana', 6], ['Sucso', 4], ['Huaracha', 4], ['Chura', 7], ['Limachi', 5],
  ['Nina', 6], ['Vilca', 9], ['Hancco', 5], ['Machaca', 6], ['Turpo', 5], ['Sonco', 4], ['Cutipa', 5],
  ['Flores', 16], ['Rojas', 10], ['Gutiérrez', 8], ['Ramos', 8], ['Chávez', 6], ['Torres', 6],
  ['Sánchez', 6], ['Huarca', 4], ['Ccallo', 4], ['Tito', 5], ['Choquehuanca', 4], ['Anco', 4],
];

/** Amazon (Loreto, Ucayali, San Martín, Madre de Dios, Amazonas): Amazonian and local Spanish surnames. */
const PERU_AMAZON_SURNAMES: Table = [
  ['Tapullima', 8], ['Sangama', 10], ['Shupingahua', 6], ['Pinedo', 14], ['Panduro', 12], ['Tuesta', 10],
  ['Ahuanari', 8], ['Yaicate', 4], ['Manihuari', 5], ['Chumbe', 5], ['Arirama', 5], ['Murayari', 5],
  ['Tamani', 6], ['Huayunga', 5], ['Cachique', 6], ['Amasifuen', 6], ['Pizango', 6], ['Saldaña', 8],
  ['Vela', 8], ['Ruiz', 10], ['Flores', 12], ['Vásquez', 14], ['Ríos', 12], ['García', 10], ['Rengifo', 9],
  ['Lozano', 7], ['Del Águila', 8], ['Shapiama', 4], ['Canayo', 4], ['Mozombite', 4], ['Inuma', 4],
  ['Ushiñahua', 4], ['Torres', 8], ['Ramírez', 8], ['Díaz', 7], ['Mendoza', 6], ['Sánchez', 7],
];

/** Northern and central Andes (Junín, Huánuco, Áncash, Ayacucho, Cajamarca…): Quechua and Spanish. */
const PERU_CENTRAL_SURNAMES: Table = [
  ['Quispe', 20], ['Huamán', 18], ['Huaranga', 6], ['Poma', 8], ['Ccente', 4], ['Huayta', 6],
  ['Yauri', 6], ['Pariona', 6], ['Huaringa', 5], ['Taipe', 6], ['Rivera', 8], ['Rojas', 14],
  ['Chávez', 12], ['Ramos', 10], ['Mendoza', 10], ['Cerna', 6], ['Vilca', 6], ['Huanca', 8],
  ['Flores', 12], ['Castillo', 10], ['Meza', 8], ['Ccanto', 4], ['Mallqui', 4], ['Condori', 6],
  ['García', 8], ['Paucar', 6], ['Torres', 8], ['Rodríguez', 8], ['Palomino', 6], ['Inga', 5],
];

export type SurnameRegion = 'general' | 'andean' | 'amazon' | 'central';

const SURNAMES_BY_REGION: Record<SurnameRegion, Weighted<string>> = {
  general: new Weighted(PERU_GENERAL_SURNAMES),
  andean: new Weighted(PERU_ANDEAN_SURNAMES),
  amazon: new Weighted(PERU_AMAZON_SURNAMES),
  central: new Weighted(PERU_CENTRAL_SURNAMES),
};

export function peruvianSurnames(region: SurnameRegion): Weighted<string> {
  return SURNAMES_BY_REGION[region];
}

/** Peruvian women's given names, compound names included as registries hold them. */
export const PERU_FEMALE_GIVEN = new Weighted<string>([
  ['María del Carmen', 12], ['Rosa Elena', 8], ['María Isabel', 8], ['Luz Marina', 7], ['Ana María', 8],
  ['María Elena', 8], ['María del Rosario', 6], ['Flor de María', 5], ['María de los Ángeles', 5],
  ['Rosa María', 6], ['Juana Rosa', 4], ['Rosario', 8], ['Mercedes', 5], ['Guadalupe', 5], ['Graciela', 4],
  ['Isabel', 5], ['Rosa', 10], ['Juana', 8], ['Carmen', 7], ['Milagros', 12], ['Yesenia', 9], ['Katherine', 8],
  ['Lizbeth', 9], ['Yomira', 5], ['Flor', 7], ['Nelly', 5], ['Sonia', 5], ['Rocío', 7], ['Maribel', 7],
  ['Marisol', 7], ['Elizabeth', 8], ['Diana', 7], ['Estefany', 8], ['Brenda', 7], ['Fiorella', 6],
  ['Nayeli', 7], ['Ruth', 5], ['Noemí', 4], ['Yeni', 5], ['Deysi', 5], ['Sheyla', 6], ['Mayra', 5],
  ['Karina', 6], ['Lucía', 6], ['Gabriela', 6], ['Alejandra', 5], ['Jhoselyn', 7], ['Cinthia', 5],
  ['Kiara', 6], ['Dayana', 6], ['Medaly', 3], ['Yanet', 5], ['Mariela', 5], ['Nilda', 3], ['Olinda', 3],
  ['Sandra Milagros', 3], ['Ana Lucía', 4], ['Luz Clarita', 2], ['Rut Noemí', 2], ['Yuli', 4], ['Vanessa', 5],
  ['Consuelo', 3], ['Dolores', 2], ['Concepción', 2], ['Jacqueline', 4], ['Margarita', 3], ['Antonia', 3],
]);

export const PERU_MALE_GIVEN = new Weighted<string>([
  ['Juan Carlos', 10], ['José Luis', 10], ['Luis Alberto', 7], ['Miguel Ángel', 7], ['Julio César', 6],
  ['Carlos', 8], ['Jorge', 7], ['Víctor', 6], ['Edwin', 6], ['Wilber', 5], ['Ronald', 5], ['Jhon', 6],
  ['Percy', 4], ['Henry', 4], ['Elmer', 4], ['Walter', 5], ['Alex', 6], ['Franklin', 4], ['Yeferson', 5],
  ['Brayan', 7], ['Jhonatan', 6], ['Kevin', 6], ['Ángel', 5], ['Rubén', 4], ['José', 8], ['Francisco', 4],
  ['Antonio', 4], ['Luis', 6], ['Jesús', 5], ['Ignacio', 2], ['Juan de Dios', 3], ['Fredy', 4], ['Wilmer', 4],
]);

export const VENEZUELA_FEMALE_GIVEN = new Weighted<string>([
  ['Yusbelis', 6], ['Yorgelis', 6], ['Daniela', 10], ['Génesis', 8], ['Oriana', 6], ['Yuliannys', 5],
  ['Mariangel', 5], ['Yelitza', 4], ['Marielbis', 4], ['Andreína', 6], ['María Gabriela', 7], ['María José', 8],
  ['Gabriela', 7], ['Valentina', 7], ['Nathaly', 5], ['Yuleidy', 4], ['Dayerlin', 4], ['Karelys', 4],
  ['Wilmarys', 3], ['Yenifer', 5], ['Luisana', 5], ['Rosmary', 4], ['Dayana', 5], ['Maoli', 3],
  ['Fernanda', 4], ['María Alejandra', 5], ['Yohana', 4], ['Milagros', 3], ['Elizabeth', 3],
  ['Yusbelis Carolina', 2], ['María Victoria', 3], ['Ana Karina', 2], ['Luisa Fernanda', 2], ['Daniela Alejandra', 2],
]);

export const VENEZUELA_MALE_GIVEN = new Weighted<string>([
  ['José Gregorio', 8], ['Luis Alejandro', 5], ['Jesús Alberto', 5], ['Yorbis', 4], ['Jhoan', 5], ['Keiber', 4],
  ['Yonaiker', 3], ['Andrés Eloy', 4], ['Carlos Eduardo', 5], ['Jesús', 6], ['José Ángel', 5], ['Ender', 4],
  ['Wuilmer', 3], ['Francisco', 3], ['José', 5],
]);

export const VENEZUELA_SURNAMES = new Weighted<string>([
  ['González', 20], ['Rodríguez', 18], ['Pérez', 16], ['Hernández', 15], ['García', 14], ['Martínez', 12],
  ['López', 11], ['Díaz', 10], ['Sánchez', 10], ['Ramírez', 9], ['Rojas', 8], ['Torres', 8], ['Contreras', 7],
  ['Mendoza', 6], ['Suárez', 6], ['Blanco', 5], ['Medina', 6], ['Gil', 5], ['Marcano', 5], ['Guerrero', 5],
  ['Rivas', 5], ['Briceño', 5], ['Bastidas', 4], ['Zambrano', 5], ['Mora', 5], ['Colmenares', 4], ['Parra', 5],
  ['Carrillo', 4], ['Villalobos', 4], ['Peña', 4],
]);

/** Colombian and Ecuadorian surnames (smaller groups of victims). */
export const ANDEAN_NEIGHBOUR_SURNAMES = new Weighted<string>([
  ['Gómez', 10], ['Muñoz', 8], ['Ramírez', 8], ['Vargas', 7], ['Ospina', 5], ['Cárdenas', 5], ['Restrepo', 5],
  ['Rodríguez', 8], ['Martínez', 7], ['Castro', 6], ['Zambrano', 6], ['Andrade', 5], ['Guamán', 5],
  ['Chiriboga', 3], ['Cedeño', 5], ['Tenorio', 3], ['Pillajo', 3], ['Moreno', 6], ['Herrera', 5], ['Jaramillo', 4],
]);

/**
 * What people are called instead of their given name. Keys are single given-name tokens; the
 * synthetic generator replaces the whole given name by one of the values.
 */
export const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  Rosario: ['Charo'],
  Mercedes: ['Meche'],
  Isabel: ['Chabuca', 'Isa'],
  Graciela: ['Chela'],
  Guadalupe: ['Lupe'],
  Consuelo: ['Chelo'],
  Dolores: ['Lola'],
  Concepción: ['Concha', 'Conchita'],
  Margarita: ['Marga'],
  Alejandra: ['Ale'],
  Daniela: ['Dani'],
  Gabriela: ['Gaby'],
  Milagros: ['Mili'],
  Jacqueline: ['Jackie'],
  Elizabeth: ['Eli', 'Betty'],
  Rosa: ['Rosita'],
  Juana: ['Juanita'],
  Vanessa: ['Vane'],
  Katherine: ['Katy'],
  Lucía: ['Lucy'],
  Fernanda: ['Fer'],
  Valentina: ['Vale'],
  Antonia: ['Toñita'],
  Carmen: ['Carmencita', 'Menchu'],
  Yusbelis: ['Yusbe'],
  Yorgelis: ['Yorge'],
  Génesis: ['Gene'],
  Andreína: ['Andre'],
  José: ['Pepe', 'Cheo'],
  Francisco: ['Pancho', 'Paco'],
  Luis: ['Lucho'],
  Antonio: ['Toño'],
  Ignacio: ['Nacho'],
  Jesús: ['Chucho', 'Chuy'],
  Jorge: ['Coco'],
  Carlos: ['Charly'],
  Juan: ['Juancho'],
};

/** Spelling variants of Quechua and Aymara surnames (hua/gua/wa, qu/k, cc/c/q, final i/y). */
export const SURNAME_VARIANTS: Readonly<Record<string, readonly string[]>> = {
  Huamán: ['Guamán', 'Waman', 'Huaman', 'Guaman'],
  Huaman: ['Huamán', 'Guamán', 'Waman'],
  Quispe: ['Quispi', 'Qquispe', 'Kispe'],
  Ccori: ['Cori', 'Qori', 'Ccory'],
  Huanca: ['Guanca', 'Wanka', 'Huanka'],
  Mamani: ['Mamany', 'Mamaní'],
  Ccahuana: ['Cahuana', 'Qqahuana'],
  Cahuana: ['Ccahuana', 'Cahuaná'],
  Yupanqui: ['Llupanqui', 'Yupanki'],
  Condori: ['Condory', 'Kondori'],
  Ccama: ['Cama', 'Qama'],
  Huillca: ['Willca', 'Huilca'],
  Choque: ['Choqque', 'Chok'],
  Huayta: ['Guayta', 'Wayta'],
  Huaranga: ['Guaranga', 'Waranga'],
  Huarca: ['Guarca', 'Warca'],
  Ccallo: ['Callo', 'Qallo'],
  Hancco: ['Hanco', 'Janco'],
  Ccente: ['Cente', 'Qente'],
  Ccanto: ['Canto', 'Qanto'],
  Guamán: ['Huamán', 'Waman'],
  Huaringa: ['Guaringa', 'Waringa'],
  Shupingahua: ['Shupingagua', 'Chupingahua'],
  Ushiñahua: ['Usiñahua', 'Ushinahua'],
  // Particles written together or apart.
  'Del Águila': ['Delaguila', 'Del Aguila', 'Dela Aguila'],
};

/** Street names for invented addresses. */
export const STREET_NAMES: readonly string[] = [
  'Los Olivos', 'Las Flores', 'San Martín', 'Túpac Amaru', 'Bolognesi', 'Grau', 'Los Jazmines', 'Huáscar',
  'Atahualpa', 'Ramón Castilla', 'Sánchez Cerro', 'Próceres', 'Los Pinos', 'Amazonas', 'Putumayo', 'Nanay',
  'Micaela Bastidas', 'Mariscal Cáceres', 'Las Palmeras', 'José Olaya', 'Santa Rosa', 'Inca Garcilaso',
];

export const STREET_KINDS: readonly string[] = ['Jr.', 'Av.', 'Calle', 'Pasaje', 'Prolongación'];

/** Names of invented human settlements (asentamientos humanos). */
export const SETTLEMENT_NAMES: readonly string[] = [
  'Los Jardines', 'Nueva Esperanza', 'Villa Hermosa', 'Santa Rosa', 'Señor de los Milagros', 'Las Lomas',
  '9 de Octubre', 'Virgen de Fátima', 'San Juan Bautista', 'Los Claveles', 'Nuevo Amanecer', 'El Porvenir',
];

/** How the same street kind is written in full or abbreviated. */
export const STREET_KIND_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  'Jr.': ['Jirón', 'JR', 'Jr'],
  'Av.': ['Avenida', 'AV', 'Av'],
  Calle: ['Ca.', 'CALLE', 'Cl.'],
  Pasaje: ['Psje.', 'Pje.', 'PJE'],
  Prolongación: ['Prolong.', 'Prol.'],
  'Mz.': ['Manzana', 'MZ', 'Mza.'],
};
