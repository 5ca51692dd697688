// Imported first by a test file to render modules as the H5 build does (TARO_ENV is read at module load).
process.env.TARO_ENV = 'h5'
