// Imported first by a test file to render modules as the mini-program build does (TARO_ENV is read at module load).
process.env.TARO_ENV = 'weapp'
